"""What `newsdash status` reports: totals, rejects by reason, failed files to deal with (and
the ones dismissed), and the last run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdash.sql import store
from newsdash.terminal import printable

DISMISSALS_SCHEMA = 5  # sql/schema/005_failed_files.sql
LAKE_SCHEMA = 6  # sql/schema/006_lake.sql: rejected lines counted in rejected_counts

EMPTY = {
    "events_loaded": 0,
    "bot_events": 0,
    "duplicates": 0,
    "late_duplicates": 0,
    "rejected": 0,
    "rejected_by_reason": {},
    "first_event": None,
    "last_event": None,
    "articles": 0,
    "failed_files": [],
    "dismissed_files": [],
    "last_run": None,
}


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def as_record(con: store.Connection, name: str, **params: Any) -> dict[str, Any] | None:
    cursor = store.execute(con, name, **params)
    row = cursor.fetchone()
    if row is None:
        return None
    return {col[0]: iso(value) for col, value in zip(cursor.description, row, strict=True)}


def records(con: store.Connection, name: str) -> list[dict[str, Any]]:
    cursor = store.execute(con, name)
    names = [col[0] for col in cursor.description]
    return [{n: iso(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def failed_files(con: store.Connection) -> dict[str, list[dict[str, Any]]]:
    """The failed files still to deal with, and the dismissed ones. Before its first run, a
    newer newsdash reads a database of an older schema: every failed file counts then."""
    if store.schema_version(con) < DISMISSALS_SCHEMA:
        return {"failed_files": records(con, "status/failed_files_before_schema_5")}
    return {
        "failed_files": records(con, "status/failed_files"),
        "dismissed_files": records(con, "status/dismissed_files"),
    }


def collect_status(db: store.Database) -> dict[str, Any]:
    """The status object (see PRODUCT.md); zeros when nothing has been loaded yet."""
    if not db.exists():
        return dict(EMPTY, database=str(db.path), database_exists=False)
    with db.reading() as con:
        older = "_before_schema_6" if store.schema_version(con) < LAKE_SCHEMA else ""
        return {
            **EMPTY,
            **(as_record(con, f"status/totals{older}") or {}),
            "rejected_by_reason": dict(store.rows(con, f"status/rejected_by_reason{older}")),
            **failed_files(con),
            "last_run": as_record(con, "status/last_run"),
            "database": str(db.path),
            "database_exists": True,
        }


def format_status(status: dict[str, Any]) -> str:
    """The human version: a few aligned lines."""
    if not status.get("database_exists"):
        return f"No data yet in {status['database']}: run `newsdash etl` to load the inbox."
    lines = [
        f"database      {status['database']}",
        f"events        {status['events_loaded']:,} loaded ({status['bot_events']:,} from bots), "
        f"{status['duplicates']:,} duplicates ({status['late_duplicates']:,} late), "
        f"{status['rejected']:,} rejected",
        f"time span     {status['first_event']} .. {status['last_event']}",
        f"articles      {status['articles']:,}",
    ]
    if status["rejected_by_reason"]:
        reasons = ", ".join(f"{k} {v:,}" for k, v in status["rejected_by_reason"].items())
        lines.append(f"rejected by   {reasons}")
    for failed in status["failed_files"]:
        lines.append(
            f"failed file   {printable(failed['name'])} (file #{failed['file_id']}, run "
            f"#{failed['run_id']}): {printable(failed['reason'])}"
        )
    for gone in status["dismissed_files"]:
        lines.append(
            f"dismissed     {printable(gone['name'])} (file #{gone['file_id']}) at "
            f"{gone['dismissed_at']}: {printable(gone['dismissed_because'])}"
        )
    run = status["last_run"]
    if run:
        lines.append(
            f"last run      #{run['run_id']} {run['status']} (started {run['started']}, "
            f"finished {run['finished']}): {run['files']} files, {run['loaded']:,} loaded, "
            f"{run['duplicates']:,} duplicates, {run['rejected']:,} rejected"
        )
        if run.get("message"):
            lines.append(f"              {printable(run['message'])}")
    return "\n".join(lines)
