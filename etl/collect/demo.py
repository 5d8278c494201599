"""The collector beside `newsdash demo`: `newsdash collect --demo` in a child process for as
long as the dashboard runs, so a new user can open the demo article page, click "share to
KakaoTalk", and load what it sent."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator

from newsdash.etl.collect.settings import collect_settings
from newsdash.settings import load_settings


def collect_command(config: str | os.PathLike | None) -> list[str]:
    chosen = ["--config", str(config)] if config else []
    return [sys.executable, "-m", "newsdash", *chosen, "collect", "--demo"]


@contextlib.contextmanager
def collector_beside(config: str | os.PathLike | None) -> Iterator[subprocess.Popen]:
    """Start the collector, say where its page is and where its events go; stop it after."""
    settings = collect_settings(load_settings(config))
    proc = subprocess.Popen(collect_command(config))
    base = f"http://{settings.address}:{settings.port}"
    print(
        f"newsdash demo: the article page with the tracker is {base}/demo/article; its events "
        f"go to {settings.inbox}, loaded by the ETL loop below and shown on the dashboard's "
        "Live page",
        flush=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()  # a clean shutdown: the open file is renamed into the inbox
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
