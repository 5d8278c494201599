"""Start the Streamlit server on a published warehouse (used by `newsdash dashboard` and
`newsdash demo`).

The app learns where the data is the way every newsdash command does (etl/config.py):
`NEWSDASH_CONFIG` for the config file and `NEWSDASH_DB` for the database, passed in the
child's environment. Stopping the launcher (Ctrl-C, SIGTERM) stops the server. The server binds to localhost unless told otherwise: the dashboard has
no sign-in, so exposing it is a deliberate choice (`--address 0.0.0.0` behind a proxy).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def server_command(port: int, address: str) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer",
    ]  # fmt: skip


def server_env(db: Path, config: str | os.PathLike | None) -> dict[str, str]:
    env = {**os.environ, "NEWSDASH_DB": str(Path(db).resolve())}
    if config:
        env["NEWSDASH_CONFIG"] = str(Path(config).resolve())
    return env


def serve(db: Path, config: str | os.PathLike | None, port: int, address: str = "localhost") -> int:
    """Run the dashboard in the foreground until Ctrl-C or SIGTERM; the server's exit code."""
    host = "localhost" if address in ("0.0.0.0", "::") else address
    print(f"newsdash dashboard: reading {Path(db).resolve()}", file=sys.stderr)
    print(
        f"newsdash dashboard: open http://{host}:{port}/ in a browser (Ctrl-C stops it)", flush=True
    )
    proc = subprocess.Popen(server_command(port, address), env=server_env(db, config))
    # A service manager stops us with SIGTERM: pass it on, never leave the server behind.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: proc.send_signal(signum))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc, signal.SIGINT)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(proc, signal.SIGTERM)


def stop(proc: subprocess.Popen, signum: int, grace: float = 10) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signum)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
