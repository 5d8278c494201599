"""Loading one input file into the warehouse: all of it in one transaction, or none of it.

read (DuckDB's own readers) -> validate (quarantine) -> dedupe -> events -> hourly rollup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

from etl.bots import classify_agents
from etl.inbox import InputFile
from sql import store

READERS = {
    "jsonl": "etl/read_lines",
    "csv": "etl/read_csv_rows",
    "parquet": "etl/read_parquet_rows",
}


@dataclass
class FileResult:
    """What happened to one file; for every loaded file read = loaded + duplicates + rejected."""

    name: str
    kind: str
    status: str  # loaded | failed | skipped
    reason: str | None = None
    records_read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    bots: int = 0
    first_event: datetime | None = None
    last_event: datetime | None = None
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    examples: list[tuple] = field(default_factory=list)


def read_into_raw_lines(con: store.Connection, source: InputFile) -> None:
    """Fill the temp table raw_lines(line, raw) from the file, whatever its format."""
    store.execute(con, READERS[source.format], path=str(source.path))
    if source.format == "csv":
        unreadable = store.rows(con, "etl/malformed_csv_rows")
        if unreadable:
            store.execute(con, "etl/renumber_csv_lines")
        for line, raw in unreadable:
            store.execute(con, "etl/add_malformed_lines", line=line, raw=raw)


def classify_new_user_agents(con: store.Connection) -> None:
    agents = [row[0] for row in store.rows(con, "etl/unclassified_user_agents")]
    if not agents:
        return
    verdicts = classify_agents(agents)
    frame = pd.DataFrame({"user_agent": agents, "is_bot": [verdicts[a] for a in agents]})
    store.execute_with_frame(con, "etl/insert_user_agents", "new_agents", frame)


def load_events(con: store.Connection, source: InputFile, file_id: int, loaded_at: datetime):
    store.execute(con, "etl/validate_events", loaded_at=loaded_at)
    store.execute(con, "etl/quarantine_events", file_id=file_id)
    classify_new_user_agents(con)
    store.execute(con, "etl/insert_events", file_id=file_id)
    store.execute(con, "rollup/merge_hourly", file_id=file_id)
    store.execute(con, "rollup/merge_hourly_readers", file_id=file_id)
    read, loaded, rejected, bots, first, last = store.rows(
        con, "etl/event_file_counts", file_id=file_id
    )[0]
    return dict(
        records_read=read,
        loaded=loaded,
        rejected=rejected,
        duplicates=read - loaded - rejected,
        bots=bots,
        first_event=first,
        last_event=last,
    )


def load_articles(con: store.Connection, file_id: int):
    store.execute(con, "etl/validate_articles")
    store.execute(con, "etl/quarantine_articles", file_id=file_id)
    store.execute(con, "etl/upsert_articles", file_id=file_id)
    read, loaded, rejected = store.rows(con, "etl/article_file_counts")[0]
    return dict(records_read=read, loaded=loaded, rejected=rejected)


def record_file(con, source: InputFile, file_id, run_id, size, sha256, result: FileResult):
    store.execute(
        con,
        "etl/record_file",
        file_id=file_id,
        run_id=run_id,
        path=str(source.path),
        name=source.path.name,
        kind=source.kind,
        size=size,
        sha256=sha256,
        status=result.status,
        reason=result.reason,
        records_read=result.records_read,
        loaded=result.loaded,
        duplicates=result.duplicates,
        rejected=result.rejected,
        bots=result.bots,
        first_event=result.first_event,
        last_event=result.last_event,
    )


class UnreadableFile(Exception):
    """The file as a whole is not what it claims to be; its records are not counted."""


REQUIRED = {
    "events": ("event_id", "event_time", "event_type", "article_id"),
    "articles": ("article_id",),
}


def check_readable(con: store.Connection, source: InputFile) -> None:
    """Refuse a file with no usable structure: missing columns, or not one JSON object in it."""
    if source.format in ("csv", "parquet"):
        columns = set(store.scalar(con, "etl/raw_line_keys") or [])
        missing = [c for c in REQUIRED[source.kind] if c not in columns]
        if missing and store.scalar(con, "etl/any_raw_lines"):
            raise UnreadableFile(f"missing column(s): {', '.join(missing)}")
    elif store.scalar(con, "etl/any_raw_lines") and not store.scalar(con, "etl/any_json_lines"):
        raise UnreadableFile("not JSON Lines: no line holds a JSON object")


def load_file(
    con: store.Connection, source: InputFile, run_id: int, sha256: str, loaded_at: datetime
) -> FileResult:
    """Load one file in one transaction; a file that cannot be read is recorded as failed.

    Errors of the warehouse itself (disk full, I/O) are not the file's fault: they propagate,
    after the rollback, and fail the run.
    """
    size = source.path.stat().st_size
    file_id = store.scalar(con, "etl/next_file_id")
    con.begin()
    try:
        read_into_raw_lines(con, source)
        check_readable(con, source)
    except (duckdb.Error, UnreadableFile) as exc:
        con.rollback()
        if is_warehouse_failure(exc):
            raise  # not the file's fault: the run fails and the file is tried again next time
        result = FileResult(source.path.name, source.kind, "failed", reason=describe_failure(exc))
        con.begin()
        record_file(con, source, file_id, run_id, size, sha256, result)
        con.commit()
        return result
    try:
        if source.kind == "events":
            counts = load_events(con, source, file_id, loaded_at)
        else:
            counts = load_articles(con, file_id)
        result = FileResult(source.path.name, source.kind, "loaded", **counts)
        result.rejected_by_reason = dict(
            store.rows(con, "etl/rejected_by_reason_in_file", file_id=file_id)
        )
        result.examples = store.rows(con, "etl/rejected_examples", file_id=file_id, limit=3)
        record_file(con, source, file_id, run_id, size, sha256, result)
        con.commit()
        return result
    except BaseException:
        con.rollback()
        raise


# Errors that say the warehouse (disk, memory, folder) failed while reading a file.
WAREHOUSE_SIGNS = ("No space left on device", "Read-only file system", "Could not write")


def is_warehouse_failure(exc: BaseException) -> bool:
    if isinstance(exc, duckdb.OutOfMemoryException):
        return True
    return any(sign in str(exc) for sign in WAREHOUSE_SIGNS)


def describe_failure(exc: BaseException) -> str:
    """The first line says what is wrong with the file (not gzip, not text, ...)."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return first[:300]
