"""What was sent: a small JSON file next to the warehouse, one per command.

Why not in the warehouse: only the ETL writes the warehouse, under its lock, on a private copy
published by renaming it over the old file (etl/publish.py). A digest that wrote there would
wait for, or block, a live ETL run, and copy the whole database to note one line. A sent-log
also must not follow the warehouse back in time: restoring last week's backup must not make
the digest send last week's mails again. So `newsdash.duckdb.digest.json` and
`newsdash.duckdb.alerts.json` live beside the database, each with its own lock, and are
replaced atomically (write, fsync, rename) after every successful send: a run killed between
two sends keeps what it sent. A crash after a server accepted a message and before the log is
written can repeat that one message (at least once, never silently lost).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from newsdash.etl.publish import LockHeld
from newsdash.formats import write_atomic

VERSION = 1
WAIT_SECONDS = 300  # a digest waits this long for an alerts run holding the log, and back


class SentLogError(OSError):
    """The sent-log cannot be read: one line for people (an OSError: exit 1)."""


def log_path(db: Path, kind: str) -> Path:
    return db.with_name(f"{db.name}.{kind}.json")


class SentLog:
    """Days (ISO dates) → what was sent that day; `save()` after each change."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path = path
        self.days: dict[str, Any] = data.get("days", {})

    def day(self, day: date) -> dict[str, Any]:
        return self.days.setdefault(day.isoformat(), {})

    def save(self) -> None:
        document = {"version": VERSION, "days": self.days}
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"  # in the order noted
        write_atomic(self.path, text.encode("utf-8"))

    def forget_before(self, day: date) -> None:
        """Drop days older than `day` (the log stays small; nothing sends for them anymore)."""
        for key in [k for k in self.days if k < day.isoformat()]:
            del self.days[key]


def read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SentLogError(
            f"{path} is not a readable sent-log ({exc}): move it aside to start a new one "
            "(what it recorded may then be sent again)"
        ) from exc
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise SentLogError(f"{path}: not a newsdash sent-log of version {VERSION}")
    return data


@contextmanager
def opened(db: Path, kind: str, keep_days: int, today: date) -> Iterator[SentLog]:
    """The sent-log of `kind`, held exclusively for the block (sends included)."""
    path = log_path(db, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(f"{path}.lock")
    try:
        lock.acquire(timeout=WAIT_SECONDS)
    except Timeout:
        raise LockHeld(
            f"another newsdash {kind} run has held {path}.lock for {WAIT_SECONDS} s; "
            "try again later"
        ) from None
    try:
        log = SentLog(path, read(path))
        log.forget_before(today - timedelta(days=keep_days))
        yield log
    finally:
        lock.release()
