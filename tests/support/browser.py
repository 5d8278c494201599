"""For the browser tests: Debian's chromium driven by Playwright against the real Streamlit
server (the `browser` fixture of conftest.py starts chromium)."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsdash.dashboard.server import server_command, server_env

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
CHART = ".js-plotly-plot .main-svg"
WIDTH = 1400


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here (one line), or None when they can."""
    if not CHROMIUM.exists():
        return "no /usr/bin/chromium (apt-get install chromium) for the browser test"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed"
    return None


def skip_module_without_chromium() -> None:
    """At the top of a browser test module: skip it, saying why, where chromium is missing."""
    if reason := chromium_missing():
        pytest.skip(reason, allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server was not healthy within {timeout:.0f} s:\n{log.read_text()}")


def settle(page) -> None:
    """Until the script run is over (Streamlit's running indicator is gone)."""
    page.wait_for_selector("[data-testid=stMainBlockContainer]")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000
    )
    page.wait_for_timeout(300)


def assert_no_error(page, name: str) -> None:
    assert page.locator("[data-testid=stException]").count() == 0, name
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "Traceback" not in text and "Error" not in text.split("\n")[0], name


def recording_context(browser, base: str) -> tuple:
    """A fresh browser context that lists every URL its pages request and lets through only
    those of `base`'s origin (the rest are aborted: this machine has no internet anyway)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    origin = urlsplit(base)[:2]
    context.route(lambda url: urlsplit(url)[:2] != origin, lambda route: route.abort())
    return context, requested


def elsewhere(requested: list[str], base: str) -> list[str]:
    """The requested URLs outside `base`'s origin (data: and blob: URLs are in the page)."""
    origin = urlsplit(base)[:2]
    return sorted({u for u in requested
                   if urlsplit(u)[:2] != origin and urlsplit(u).scheme not in ("data", "blob")})  # fmt: skip


@contextmanager
def dashboard_server(db: Path, folder: Path) -> Iterator[str]:
    """The real dashboard on `db` at a free local port, without sign-in (even on a machine whose
    ./.streamlit/secrets.toml configures it); its log in `folder`. Yields the base URL."""
    port = free_port()
    log = folder / "server.log"
    no_secrets = [folder / "no-secrets.toml"]
    with log.open("w") as out:
        proc = subprocess.Popen(server_command(port, "127.0.0.1", no_secrets),
                                env=server_env(db, None), stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, proc, log)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
