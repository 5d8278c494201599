"""Loading input files: what every file goes through (reading into raw_lines, the checks that
refuse a whole file, the ledger), and article metadata, one file a transaction.

Event files go through etl/land.py, in batches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from newsdash.etl.inbox import InputFile
from newsdash.etl.lake_run import RunLake, commit_quarantine
from newsdash.sql import store

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


@dataclass(frozen=True)
class Pending:
    """A file about to be loaded, with its ledger facts (None: it could not be read at all)."""

    source: InputFile
    sha256: str | None
    size: int | None


class UnreadableFile(Exception):
    """The file as a whole is not what it claims to be; its records are not counted."""


REQUIRED = {
    "events": ("event_id", "event_time", "event_type", "article_id"),
    "articles": ("article_id",),
}


def open_jsonl_lines(con: store.Connection) -> None:
    """The temp view input_lines over the JSON Lines files set_batch.sql named, with nothing
    left of an earlier read's set-aside lines."""
    store.execute(con, "etl/forget_line_errors")
    store.execute(con, "etl/forget_line_error_scans")
    store.execute(con, "etl/jsonl_batch_lines")


def read_into_raw_lines(con: store.Connection, source: InputFile) -> None:
    """Fill the temp table raw_lines(line, raw) from the file, whatever its format; the temp
    table skipped_lines holds the lines the reader set aside (JSON Lines: not UTF-8, too long),
    which raw_lines holds too, numbered, as their excerpts."""
    if source.format == "jsonl":  # the line reader of event batches, on this one file
        store.execute(con, "etl/set_batch", paths=[str(source.path)], file_ids=[0])
        open_jsonl_lines(con)
    if source.format == "csv":
        store.execute(con, "etl/forget_csv_rejects")
        store.execute(con, "etl/forget_csv_reject_scans")
    store.execute(con, READERS[source.format], path=str(source.path))
    if source.format == "jsonl":
        store.execute(con, "etl/skipped_lines")
        store.execute(con, "etl/renumber_read_lines")
        store.execute(con, "etl/add_skipped_lines")
        return
    store.execute(con, "etl/no_skipped_lines")
    if source.format == "csv":
        unreadable = store.rows(con, "etl/malformed_csv_rows")
        if unreadable:
            store.execute(con, "etl/renumber_csv_lines")
        for line, raw in unreadable:
            store.execute(con, "etl/add_malformed_lines", line=line, raw=raw)


def check_readable(con: store.Connection, source: InputFile) -> None:
    """Refuse a file with no usable structure: missing columns, or not one JSON object in it."""
    if source.format in ("csv", "parquet"):
        columns = set(store.scalar(con, "etl/raw_line_keys") or [])
        missing = [c for c in REQUIRED[source.kind] if c not in columns]
        if missing and store.scalar(con, "etl/any_raw_lines"):
            raise UnreadableFile(f"missing column(s): {', '.join(missing)}")
    elif store.scalar(con, "etl/any_raw_lines") and not store.scalar(con, "etl/any_json_lines"):
        raise UnreadableFile(NOT_JSON_LINES)


NOT_JSON_LINES = "not JSON Lines: no line holds a JSON object"


def describe_rejects(con: store.Connection, result: FileResult, file_id: int) -> None:
    if result.rejected:
        result.rejected_by_reason = dict(
            store.rows(con, "etl/rejected_by_reason_in_file", file_id=file_id)
        )
        result.examples = store.rows(con, "etl/rejected_examples", file_id=file_id, limit=3)


def load_article_file(
    con: store.Connection, pending: Pending, run_id: int, loaded_at: datetime, run_lake: RunLake
) -> FileResult:
    """Load one metadata file in one transaction (its rejected lines committed to the lake's
    quarantine just before); one that cannot be read is recorded failed."""
    file_id = store.scalar(con, "etl/next_file_id")
    con.begin()
    try:
        read_into_raw_lines(con, pending.source)
        check_readable(con, pending.source)
    except (duckdb.Error, UnreadableFile) as exc:
        con.rollback()
        if is_warehouse_failure(exc):
            raise
        return record_failed(con, pending, run_id, exc)
    try:
        store.execute(con, "etl/validate_articles")
        store.execute(con, "etl/quarantine_articles", file_id=file_id)
        store.execute(con, "etl/upsert_articles", file_id=file_id)
        store_dimensions(con)
        read, loaded, rejected = store.rows(con, "etl/article_file_counts")[0]
        result = FileResult(
            pending.source.path.name,
            "articles",
            "loaded",
            records_read=read,
            loaded=loaded,
            rejected=rejected,
        )
        describe_rejects(con, result, file_id)
        record_file(con, pending, file_id, run_id, result)
        commit_quarantine(con, run_lake, file_id, run_id, loaded_at)
        con.commit()
        return result
    except BaseException:
        con.rollback()
        raise


# The newsroom's dimensions of a metadata file's valid rows (schema 008): a file's byline and
# tags replace the stored ones, as its row replaces the article's.
DIMENSION_STEPS = (
    "etl/forget_article_authors",
    "etl/insert_article_authors",
    "etl/forget_article_tags",
    "etl/insert_article_tags",
    "etl/upsert_article_editions",
)


def store_dimensions(con: store.Connection) -> None:
    for step in DIMENSION_STEPS:
        store.execute(con, step)


def record_failed(con, pending: Pending, run_id: int, exc: BaseException) -> FileResult:
    source = pending.source
    result = FileResult(source.path.name, source.kind, "failed", reason=describe_failure(exc))
    file_id = store.scalar(con, "etl/next_file_id")
    con.begin()
    record_file(con, pending, file_id, run_id, result)
    con.commit()
    return result


def record_file(con, pending: Pending, file_id: int, run_id: int, result: FileResult) -> None:
    store.execute(
        con,
        "etl/record_file",
        file_id=file_id,
        run_id=run_id,
        path=str(pending.source.path),
        name=pending.source.path.name,
        kind=pending.source.kind,
        size=pending.size,
        sha256=pending.sha256,
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


# Errors that say the warehouse (disk, memory, folder) failed while reading a file.
WAREHOUSE_SIGNS = ("No space left on device", "Read-only file system", "Could not write")


def is_warehouse_failure(exc: BaseException) -> bool:
    if isinstance(exc, duckdb.OutOfMemoryException):
        return True
    return any(sign in str(exc) for sign in WAREHOUSE_SIGNS)


def describe_failure(exc: BaseException) -> str:
    """The first line says what is wrong with the file (not gzip, not text, ...)."""
    if isinstance(exc, OSError) and exc.strerror:  # from Python: says nothing of DuckDB's
        return f"cannot read the file: {exc.strerror}"
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return first[:300]
