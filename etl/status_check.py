"""`newsdash status --max-age HOURS`: is the warehouse fresh and did the last run go well?

Any monitor (systemd timer, cron, Nagios, a shell `||`) calls it and looks at the exit code:
0 healthy, 1 a problem (each problem is one line on stderr saying why). A failed file is a
problem until a run loads it (its bytes, under any name, or a file of the same name) or someone
dismisses it (`newsdash dismiss`).
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import duckdb

from newsdash import clock
from newsdash.etl.status import collect_status
from newsdash.etl.verify import unreadable
from newsdash.sql.store import Database
from newsdash.terminal import printable

EXIT_HEALTHY, EXIT_PROBLEM = 0, 1


def read_status(db: Database) -> dict[str, Any]:
    """The status object, or one line saying the published database cannot be read."""
    try:
        return collect_status(db)
    except duckdb.Error as exc:
        raise unreadable(db.path, exc) from exc


def age_hours(iso: str, now: datetime) -> float:
    return (now - datetime.fromisoformat(iso)).total_seconds() / 3600


def problems(status: dict[str, Any], max_age: float, now: datetime | None = None) -> list[str]:
    """Why the warehouse is not healthy: stale data, a last run that did not end `ok`, or a
    failed file that was neither loaded since nor dismissed."""
    now = now or clock.now()
    if not status.get("database_exists"):
        return [f"no data yet: {status['database']} does not exist (has `newsdash etl` run?)"]
    found = []
    last_event = status.get("last_event")
    if last_event is None:
        found.append("no events loaded yet")
    elif (age := age_hours(last_event, now)) > max_age:
        found.append(
            f"stale: the newest event ({last_event}) is {age:,.1f} h old, more than {max_age:g} h"
        )
    outstanding = status.get("failed_files", [])
    run = status.get("last_run")
    # A partial run stops being a problem once no failed file is left to deal with.
    if run and (
        run["status"] not in ("ok", "partial") or run["status"] == "partial" and outstanding
    ):
        why = f": {run['message']}" if run.get("message") else ""
        failed = f", {run['failed_files']} file(s) failed" if run.get("failed_files") else ""
        found.append(
            f"last run #{run['run_id']} ended {run['status']}{failed} "
            f"(finished {run['finished']}){why}"
        )
    found += [failed_file(f) for f in outstanding]
    return found


def failed_file(failed: dict[str, Any]) -> str:
    """A failed file no run has loaded since and nobody dismissed: what it is and what to do."""
    return (
        f"failed file {printable(failed['name'])} (file #{failed['file_id']}, run "
        f"#{failed['run_id']}): {printable(failed['reason'])}; put it back in the inbox to load "
        f'it, or `newsdash dismiss {failed["file_id"]} --reason "..."`'
    )


def verdict(status: dict[str, Any], max_age: float, now: datetime | None = None) -> str:
    """The one line printed when all is well."""
    now = now or clock.now()
    age = age_hours(status["last_event"], now)
    run = status["last_run"]
    return (
        f"ok: newest event {age:,.1f} h old (max {max_age:g} h), "
        f"last run #{run['run_id']} ok at {run['finished']}"
        if run
        else f"ok: newest event {age:,.1f} h old (max {max_age:g} h)"
    )


def report(status: dict[str, Any], max_age: float, found: list[str], fmt: str) -> int:
    """Print why (stderr, one line each) or the all-clear (stdout, text only); the exit code."""
    for line in found:  # a run's message may quote a file name: escaped
        print(f"newsdash status: {printable(line)}", file=sys.stderr)
    if not found and fmt == "text":
        print(verdict(status, max_age))
    return EXIT_PROBLEM if found else EXIT_HEALTHY
