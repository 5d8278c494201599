"""Start the Streamlit server on a published warehouse (used by `newsdash dashboard` and
`newsdash demo`).

The app learns where the data is the way every newsdash command does (newsdash/settings.py):
`NEWSDASH_CONFIG` for the config file and `NEWSDASH_DB` for the database, passed in the
child's environment. Stopping the launcher (Ctrl-C, SIGTERM) stops the server.

The server binds to localhost unless told otherwise. Whether it may listen anywhere else is
decided before it starts (dashboard/access.py): with sign-in configured it may; without, only
when `[dashboard] allow_unauthenticated_remote = true`. The launcher hands Streamlit the very
secrets files it checked (`--secrets.files`), so both see the same `[auth]`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from newsdash.dashboard import access
from newsdash.settings import AccessRules, Settings

APP = Path(__file__).resolve().parent / "app.py"


class Refused(Exception):
    """The dashboard must not start this way: one line saying why and what to change."""


def prepare(settings: Settings, address: str) -> list[Path]:
    """The secrets files to start with, after checking that the dashboard may listen on
    `address`; prints whether sign-in is on. Refused (or ConfigError) otherwise."""
    rules = settings.access
    files = access.secrets_files(settings)
    auth = access.read_auth(files)
    problem = access.signin_problem(auth) if auth is not None else None
    if problem:
        raise Refused(f"sign-in is not set up completely: {problem}")
    problem = access.exposure_problem(address, auth is not None, rules)
    if problem:
        raise Refused(problem)
    print(f"newsdash dashboard: {signin_status(auth, rules, address)}", file=sys.stderr)
    return files


def signin_status(auth: dict | None, rules: AccessRules, address: str) -> str:
    """One line for the operator; never a secret (only counts and the provider's name)."""
    if auth is None:
        where = "localhost only" if access.is_loopback(address) else f"{address}, UNAUTHENTICATED"
        return f"sign-in off ([auth] not configured): serving {where}"
    provider = access.provider_name(auth) or "the [auth] provider"
    checked = (
        "unverified addresses trusted ([access] trust_unverified_email = true)"
        if rules.trust_unverified_email
        else f"each address verified by the claim {rules.verified_claim}"
    )
    return (
        f"sign-in on via {provider}: {len(rules.emails)} e-mail address(es) and "
        f"{len(rules.domains)} domain(s) allowed, {checked}"
    )


def server_command(port: int, address: str, secrets: Sequence[Path] = ()) -> list[str]:
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer",
        # The table grid's own CSV export would skip the formula-injection rule: every table
        # has a "Download CSV" button that follows it (dashboard/downloads.py).
        "--client.disableDataExport", "true",
        # An editor's browser never sees a traceback or an internal error message.
        "--client.showErrorDetails", "type",
        # No full garbage collection after every script run: it was 40 % of a warm page
        # run's CPU, holding the GIL while the run's last messages wait to be sent
        # (bench/pages.py, docs/performance.md). Python's own generational GC still runs.
        "--runner.postScriptGC", "false",
    ]  # fmt: skip
    for path in secrets:
        command += ["--secrets.files", str(path)]
    return command


def server_env(db: Path, config: str | os.PathLike | None) -> dict[str, str]:
    env = {**os.environ, "NEWSDASH_DB": str(Path(db).resolve())}
    if config:
        env["NEWSDASH_CONFIG"] = str(Path(config).resolve())
    return env


def serve(
    db: Path, config: str | os.PathLike | None, port: int, address: str = "localhost",
    secrets: Sequence[Path] = (),
) -> int:  # fmt: skip
    """Run the dashboard in the foreground until Ctrl-C or SIGTERM; the server's exit code."""
    host = "localhost" if address in ("0.0.0.0", "::") else address
    print(f"newsdash dashboard: reading {Path(db).resolve()}", file=sys.stderr)
    print(
        f"newsdash dashboard: open http://{host}:{port}/ in a browser (Ctrl-C stops it)", flush=True
    )
    proc = subprocess.Popen(server_command(port, address, secrets), env=server_env(db, config))
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
