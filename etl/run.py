"""One ETL run: lock, load every new file, record the run, publish the result.

What happens when something goes wrong (docs/operations.md has the whole table):
- a file that cannot be read is recorded as failed and the others load (exit 3);
- a missing inbox fails the run; the failed run is recorded and published (exit 1);
- the warehouse itself failing (disk full, read-only folder, corrupt database) stops the run
  before publishing: the published database is untouched, what was committed stays in the
  working file for the next run, and one line says what is wrong (exit 1);
- a kill at any moment leaves the published database untouched and the working file at its
  last committed file: the next run goes on from there.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from newsdash.etl import journal, testpoints
from newsdash.etl.batches import load_files
from newsdash.etl.collect.cut_request import cut_open_files
from newsdash.etl.engines import settle_for
from newsdash.etl.inbox import InboxError, InputFile, discover
from newsdash.etl.lake_run import RunLake, open_lake, recover, refresh_dedupe_keys
from newsdash.etl.load import FileResult
from newsdash.etl.publish import (
    WarehouseError,
    describe_os_error,
    exclusive_run,
    prepare_working_copy,
    publish,
    refuse_to_publish,
    set_aside,
    working_path,
)
from newsdash.etl.retention import apply_retention, check_retention
from newsdash.etl.sources import use_rules
from newsdash.etl.standby import take_standby
from newsdash.etl.upgrade import migrations_during
from newsdash.settings import Settings
from newsdash.sql import store

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3


@dataclass
class RunResult:
    run_id: int | None
    status: str  # ok | partial | failed
    files: list[FileResult] = field(default_factory=list)
    message: str | None = None

    @property
    def exit_code(self) -> int:
        return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(self.status, EXIT_FAILED)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files if f.status == "loaded")

    def rejected_by_reason(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for f in self.files:
            counts.update(f.rejected_by_reason)
        return dict(sorted(counts.items()))

    def note(self, text: str | None) -> None:
        if text:
            self.message = f"{self.message}; {text}" if self.message else text


def open_writer(settings: Settings, work: Path) -> store.Connection:
    con = store.Database(
        work, settings.zone, read_only=False, memory_limit=settings.memory_limit
    ).connect()
    try:
        store.migrate(con, migrations_during(settings))
    except BaseException:
        con.close()
        raise
    return con


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# What a damaged file raises; SQL errors (a Catalog or Binder error in a migration) are not.
DAMAGE_ERRORS = (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException)


def is_damage(exc: BaseException) -> bool:
    """A DuckDB error that says the file's content is bad, not that it is busy or unwritable."""
    text = str(exc)
    busy_or_full = ("Could not set lock", "No space left", "Read-only file system", "ermission")
    return isinstance(exc, DAMAGE_ERRORS) and not any(s in text for s in busy_or_full)


def open_working_copy(settings: Settings) -> tuple[store.Connection, str | None]:
    """The writer's connection, and a note when an unreadable working file had to be set aside.

    The working file is private and rebuilt from the published one plus the inbox, so a
    damaged one costs only a reload; a damaged published file stops the run untouched.
    """
    db = settings.db
    left_by_earlier_run = working_path(db).exists() or take_standby(settings)
    work = prepare_working_copy(db)
    try:
        return open_writer(settings, work), None
    except (duckdb.Error, store.SchemaTooNew) as exc:
        if isinstance(exc, store.SchemaTooNew) or not is_damage(exc):
            raise
        if not left_by_earlier_run:
            work.unlink(missing_ok=True)  # a copy of the damaged published file
            raise WarehouseError(corrupt_message(db, exc)) from exc
        aside = set_aside(work)
        note = (
            f"the working file left by an earlier run was unreadable ({first_line(exc)}); "
            f"it was set aside as {aside.name} and the run started again from {db.name}"
        )
    print(f"newsdash etl: warning: {note}", file=sys.stderr, flush=True)
    return open_working_copy(settings)[0], note


DAMAGE_SIGNS = ("Could not read enough bytes", "orrupt", "hecksum", "not a valid DuckDB")


def is_corruption(exc: BaseException) -> bool:
    """A failure mid-run that says the database file's content is damaged."""
    return isinstance(exc, duckdb.Error) and any(s in str(exc) for s in DAMAGE_SIGNS)


def damaged(db: Path, exc: BaseException) -> WarehouseError:
    """Set the damaged working copy aside and say whether the published file is damaged too;
    the next run starts again from the published file."""
    return refuse_to_publish(db, first_line(exc))


def corrupt_message(db: Path, exc: BaseException) -> str:
    return (
        f"{db} is not a readable newsdash database ({first_line(exc)}); it was left as it is: "
        "restore a backup with `newsdash restore FILE`"
    )


@contextmanager
def warehouse_errors(db: Path) -> Iterator[None]:
    """Turn DuckDB and file-system failures into one WarehouseError line for the CLI."""
    try:
        yield
    except (WarehouseError, InboxError):
        raise
    except store.SchemaTooNew as exc:
        raise WarehouseError(f"{working_path(db)}: {exc}") from exc
    except (duckdb.Error, OSError) as exc:
        raise WarehouseError(describe_os_error(exc, db.parent)) from exc


def process_files(
    con: store.Connection,
    sources: list[InputFile],
    result: RunResult,
    on_file: Callable[[FileResult], None] | None,
    run_lake: RunLake,
) -> None:
    """Load the files, appending to result.files (in input order) as each batch ends."""

    def report(done: list[FileResult]) -> None:
        for file_result in done:
            result.files.append(file_result)
            if on_file:
                on_file(file_result)
            testpoints.reached("file:done")

    load_files(con, sources, result.run_id, report, run_lake)


def finish(con: store.Connection, result: RunResult) -> None:
    processed = [f for f in result.files if f.status != "skipped"]
    store.execute(
        con,
        "etl/finish_run",
        run_id=result.run_id,
        status=result.status,
        files=len(processed),
        failed_files=sum(f.status == "failed" for f in processed),
        skipped_files=sum(f.status == "skipped" for f in result.files),
        records_read=result.total("records_read"),
        loaded=result.total("loaded"),
        duplicates=result.total("duplicates"),
        rejected=result.total("rejected"),
        bots=result.total("bots"),
        message=result.message,
    )


def run_status(files: list[FileResult]) -> str:
    return "partial" if any(f.status == "failed" for f in files) else "ok"


def record_failure(con: store.Connection, result: RunResult, exc: BaseException) -> None:
    """Leave the failed run in the working file's history, if the warehouse still takes it."""
    result.status = "failed"
    result.note(first_line(exc))
    # The disk or file that failed the run may refuse this too; the exit code says it anyway.
    with suppress(duckdb.Error):
        finish(con, result)


def load_run(
    con: store.Connection,
    settings: Settings,
    sources: list[InputFile] | None,
    on_file: Callable[[FileResult], None] | None,
    note: str | None,
) -> RunResult:
    store.execute(con, "etl/abandon_stale_runs")
    store.execute(con, "etl/set_limits", limits=settings.limits.as_variable())
    use_rules(con, settings.feature_tables["sources"], settings.source)
    run_lake = open_lake(settings, settle_for(settings))
    undone = recover(con, run_lake)
    if undone:
        note = "; ".join(filter(None, [note, f"lake {' and '.join(undone)} rolled back to the "
                                       "database's versions (a run had stopped)"]))  # fmt: skip
    refresh_dedupe_keys(con, run_lake)
    result = RunResult(store.scalar(con, "etl/start_run"), "running", message=note)
    testpoints.reached("run:started")
    try:
        todo = sources if sources is not None else inbox_now(settings.inbox)
        process_files(con, todo, result, on_file, run_lake)
        result.status = run_status(result.files)
        result.note(apply_retention(con, settings.retention_days, run_lake))
    except InboxError as exc:
        result.status = "failed"
        result.note(str(exc))
    except Exception as exc:
        record_failure(con, result, exc)
        raise
    finish(con, result)
    return result


def inbox_now(inbox: Path) -> list[InputFile]:
    """The inbox's files, once the collectors have cut what they accepted until now."""
    if inbox.is_dir():
        cut_open_files(inbox)
    return discover(inbox)


def size_of(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def close_quietly(con: store.Connection) -> None:
    # Already failing: nothing is published, and the next run replays what was committed.
    with suppress(duckdb.Error):
        con.close()


def run_etl(
    settings: Settings,
    sources: list[InputFile] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    read_back: bool = True,
) -> RunResult:
    """Load the given files (default: the inbox) and publish; every block of the result is read
    back first unless `read_back` is False (the every-minute run: etl/publish.py).

    Raises LockHeld if another run holds the lock, WarehouseError (one line) if the warehouse
    files cannot be used; in both cases the published database is unchanged.
    """
    check_retention(settings.retention_days)
    testpoints.watch_queries()
    with exclusive_run(settings.db), warehouse_errors(settings.db):
        con, note = open_working_copy(settings)
        try:
            recorder = journal.start(con, journaled=True, started_from=size_of(settings.db))
            with store.watching_writes(con, recorder):
                result = load_run(con, settings, sources, on_file, note)
            journal.finish(con, recorder)
            con.execute("CHECKPOINT")
        except BaseException as exc:
            close_quietly(con)
            if is_corruption(exc):
                raise damaged(settings.db, exc) from exc
            raise
        con.close()
        publish(settings.db, read_back)
    return result
