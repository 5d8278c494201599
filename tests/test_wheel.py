"""The built wheel works outside a checkout: installed into a fresh virtualenv in a temporary
folder, it offers `newsdash` and not the folders' generic names (`etl`, `sql`, `dashboard`), and
`newsdash demo` loads the bundled sample data and serves the dashboard.

The wheel's dependencies: with NEWSDASH_WHEEL_DEPS=pip (what .ci/run sets) pip installs them from
the package index like any user's install (1.5-2 minutes here); by default the fresh virtualenv
borrows them from the environment running the tests (a .pth line; the .pth files there, such
as the editable install of this checkout, are not run), so the wheel itself is what is tested.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
    ".hypothesis", "newsdash-data", "tests", "bench", "*.duckdb*",
)  # fmt: skip
NOW = "2025-11-05T00:00:00+09:00"


def run(*args: str | Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def dependency_folders() -> list[Path]:
    """Where this environment's installed distributions live, newsdash's own excepted."""
    found = {
        Path(str(dist.locate_file("")))
        for dist in metadata.distributions()
        if dist.metadata["Name"] != "newsdash"
    }
    return sorted(folder for folder in found if folder.is_dir())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(home: Path) -> dict[str, str]:
    """No NEWSDASH_* from the test run, a home of its own (no ~/.streamlit), a fixed clock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDASH_", "PYTHON"))}
    return {**env, "HOME": str(home), "NEWSDASH_NOW": NOW}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtualenv, outside the checkout, with the wheel built from this checkout."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    # The backend of this environment (setuptools, a dev dependency): no download per run.
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp / "dist",
        source)  # fmt: skip
    (wheel,) = (tmp / "dist").glob("newsdash-*.whl")
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    if os.environ.get("NEWSDASH_WHEEL_DEPS") == "pip":
        run(*pip, wheel, timeout=900)
    else:
        site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
        borrowed = "".join(f"{folder}\n" for folder in dependency_folders())
        (Path(site.stdout.strip()) / "zz_test_dependencies.pth").write_text(borrowed)
        run(*pip, "--no-deps", "--no-index", wheel)
    return venv


def test_the_wheel_installs_newsdash_and_not_the_folders_names(installed, tmp_path):
    python = installed / "bin" / "python"
    env = clean_env(tmp_path)
    found = run(
        python, "-c", "import newsdash.etl.run as m; print(m.__file__)", cwd=tmp_path, env=env
    )
    assert Path(found.stdout.strip()).is_relative_to(installed)
    # Package data the features read at run time: referrer lists, digest templates.
    data = ("from newsdash.etl.sources_rules import default_rules; default_rules(); "
            "from newsdash.digest.message import TEMPLATES; "
            "assert (TEMPLATES / 'digest.html').is_file()")  # fmt: skip
    run(python, "-c", data, cwd=tmp_path, env=env)
    for name in ("etl", "sql", "dashboard"):
        gone = subprocess.run([python, "-c", f"import {name}"], cwd=tmp_path, env=env,
                              capture_output=True, text=True)  # fmt: skip
        assert gone.returncode != 0 and "ModuleNotFoundError" in gone.stderr, name


def wait_until_healthy(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"newsdash demo exited ({proc.returncode})"
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the dashboard did not answer at {base} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the launcher (it passes it on to the server), then the whole group if need be."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_demo_loads_the_bundled_sample_data_and_serves_the_dashboard(installed, tmp_path):
    env = clean_env(tmp_path)
    port = free_port()
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [installed / "bin" / "newsdash", "demo", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_healthy(f"http://localhost:{port}", proc)
        with urllib.request.urlopen(f"http://localhost:{port}/", timeout=5) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
        shown = log.read_text()
        bundled = next(installed.glob("lib/python*/site-packages/newsdash/sample_data"))
        assert f"newsdash demo: loading {bundled} into {tmp_path}/newsdash-data" in shown, shown
        loaded = re.search(r"^events\s+([\d,]+) loaded", shown, re.MULTILINE)
        assert loaded and int(loaded.group(1).replace(",", "")) > 0, shown
        overview = app_overview(installed, tmp_path / "newsdash-data" / "newsdash.duckdb", env)
        assert overview["exception"] == [] and int(overview["views"].replace(",", "")) > 0
    finally:
        stop(proc)


APP_OVERVIEW = """
import json, pathlib, sys
import newsdash.dashboard
from streamlit.testing.v1 import AppTest
app = pathlib.Path(newsdash.dashboard.__file__).with_name("app.py")
at = AppTest.from_file(str(app), default_timeout=60).run()
# No config and no browser: the shipped default language, Korean, from the wheel's catalog
# (the .po compiled at first use: no .mo is shipped). 조회수 = Views.
views = [m.value for m in at.metric if m.label == "조회수"]
print(json.dumps({"exception": [e.value for e in at.exception], "views": views[0] if views else "0"}))
"""


def app_overview(venv: Path, db: Path, env: dict[str, str]) -> dict:
    """The installed app's Overview, drawn by Streamlit's AppTest in the fresh virtualenv."""
    done = run(venv / "bin" / "python", "-c", APP_OVERVIEW, cwd=db.parent,
               env={**env, "NEWSDASH_DB": str(db)})  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])
