"""Loading event files, a batch at a time: land into temp tables, then settle in one transaction.

A batch is a run of consecutive JSON Lines files (read in one scan, side by side, one per core)
or one CSV or Parquet file.

The landing table is a temp table of the run's connection, `landed_events` (made by
`use_temp_landing` from the database table of that name, whose columns it copies; unqualified,
the name then means the temp table in every query). So the lines of a batch never reach the
database file: they cost no write, no checkpoint, and leave no freed blocks behind in the file
every run publishes (docs/performance.md, "Micro-batches").

1. Land (a transaction of temp tables only): every line of the batch goes into
   `landed_events` as it is read, with the data contract's verdict (land_events.sql), and the
   lines the reader set aside (not UTF-8, longer than [limits] line_bytes) into
   `skipped_lines`.
2. Settle (one transaction): the rejected and set-aside lines are copied to the quarantine,
   the ledger records the files, then dedupe against the batch, the window's keys and the lake
   (etl/lake_run.py), delete the rejected and blank lines and the duplicates, flag the bots of
   new user agents, compute each rollup's delta rows from `batch_events` and apply them,
   complete the ledger, then commit the quarantine and the accepted events to the lake and
   record the lake versions (`lake_state`) before the database commit. A run stopped anywhere
   before that commit leaves nothing of the batch in the database (and the next run rolls the
   lake back to `lake_state`): the batch loads again.

A database written by an older release may hold a batch landed in the database table and not
settled (a run stopped between what were then two transactions): `settle_landed` settles it
first, before the temp table hides that table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import duckdb
import pandas as pd

from newsdash.etl import testpoints
from newsdash.etl.bots import classify_agents
from newsdash.etl.lake_run import RunLake, commit_batch, find_history_ids
from newsdash.etl.load import (
    NOT_JSON_LINES,
    FileResult,
    Pending,
    UnreadableFile,
    check_readable,
    describe_rejects,
    is_warehouse_failure,
    open_jsonl_lines,
    read_into_raw_lines,
    record_failed,
    record_file,
)
from newsdash.etl.sources import classify_batch
from newsdash.sql import store

# An engine's settle step of a landed batch (etl/engines.py): dedupe, keep the accepted events,
# roll up, inside the caller's transaction; returns the late duplicates of each file.
Settle = Callable[[store.Connection, dict[str, int], RunLake], dict[int, int]]


def load_event_batch(
    con: store.Connection,
    batch: list[Pending],
    run_id: int,
    loaded_at: datetime,
    run_lake: RunLake,
) -> list[FileResult]:
    """Land the batch, then settle it. If the batch cannot be read, each file is tried on its
    own, so that only the unreadable one is recorded as failed.

    Errors of the warehouse itself (disk full, I/O) are not a file's fault: they propagate,
    after the rollback, and fail the run.
    """
    file_ids = [store.scalar(con, "etl/next_file_id") for _ in batch]
    span = dict(first_file_id=file_ids[0], last_file_id=file_ids[-1])
    con.begin()
    try:
        landed = land(con, batch, file_ids, loaded_at)
    except (duckdb.Error, UnreadableFile) as exc:
        con.rollback()
        if is_warehouse_failure(exc):
            raise  # not the file's fault: the run fails and the file is tried again next time
        if len(batch) > 1:
            return [
                r
                for one in batch
                for r in load_event_batch(con, [one], run_id, loaded_at, run_lake)
            ]
        return [record_failed(con, batch[0], run_id, exc)]
    # Only temp tables so far: committed, the landed rows are cheap to delete and update while
    # settling (changing rows of a large uncommitted insert makes DuckDB copy the insert again
    # at commit), and a stop from here on still leaves nothing of the batch in the database.
    con.commit()
    con.begin()
    try:
        store.execute(con, "etl/quarantine_landed", **span)
        store.execute(con, "etl/quarantine_skipped_lines")
        for pending, file_id in zip(batch, file_ids, strict=True):
            read, rejected = landed.get(file_id, (0, 0))
            name = pending.source.path.name
            landing = FileResult(name, "events", "landed", records_read=read, rejected=rejected)
            record_file(con, pending, file_id, run_id, landing)
        testpoints.reached("batch:landed")
        results = settle_files(con, run_id, run_lake, loaded_at)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return results


def use_temp_landing(con: store.Connection) -> None:
    """From here on, `landed_events` is a temp table of this connection (the database table's
    columns, no rows): a batch's lines stay out of the database file."""
    store.execute(con, "etl/temp_landing")


def open_input_lines(con: store.Connection, batch: list[Pending], file_ids: list[int]) -> None:
    """Point the temp view input_lines at the batch's files."""
    paths = [str(p.source.path) for p in batch]
    store.execute(con, "etl/set_batch", paths=paths, file_ids=file_ids)
    if batch[0].source.format == "jsonl":
        open_jsonl_lines(con)
        return
    read_into_raw_lines(con, batch[0].source)
    check_readable(con, batch[0].source)
    store.execute(con, "etl/raw_lines_batch_lines")


def land(con: store.Connection, batch: list[Pending], file_ids: list[int], loaded_at: datetime):
    """Land every line of the batch; returns {file_id: (records read, rejected)}. A line the
    reader set aside (not UTF-8, too long) is counted as read and rejected."""
    open_input_lines(con, batch, file_ids)
    store.execute(con, "etl/source_macros")  # land_events gives every event its source key
    store.execute(con, "etl/land_events", loaded_at=loaded_at)
    jsonl = batch[0].source.format == "jsonl"
    store.execute(con, "etl/skipped_lines" if jsonl else "etl/no_skipped_lines")
    span = dict(first_file_id=file_ids[0], last_file_id=file_ids[-1])
    checks = {row[0]: row[1:] for row in store.rows(con, "etl/landed_file_checks", **span)}
    if any(read and not any_json for read, _, any_json in checks.values()):
        raise UnreadableFile(NOT_JSON_LINES)
    return {i: (read, rejected) for i, (read, rejected, _) in checks.items()}


def settle_landed(
    con: store.Connection, run_id: int, run_lake: RunLake, loaded_at: datetime
) -> list[FileResult]:
    """Settle what an older release's stopped run left landed in the database table, in one
    transaction with its lake commits, and return what happened to each file."""
    if not store.rows(con, "etl/landed_files"):
        return []
    con.begin()
    try:
        results = settle_files(con, run_id, run_lake, loaded_at)
        con.commit()
        return results
    except BaseException:
        con.rollback()
        raise


def settle_files(
    con: store.Connection, run_id: int, run_lake: RunLake, loaded_at: datetime
) -> list[FileResult]:
    """Settle the landed files with their lake commits, inside the caller's transaction, and
    return what happened to each."""
    landed = store.rows(con, "etl/landed_files")
    if not landed:
        return []
    span = dict(first_file_id=landed[0][0], last_file_id=landed[-1][0])
    late = (run_lake.settle or settle)(con, span, run_lake)  # the engine's (etl/engines.py)
    accepted = {row[0]: row[1:] for row in store.rows(con, "etl/batch_file_counts", **span)}
    results = []
    for file_id, name, read, rejected in landed:
        loaded, bots, first, last = accepted.get(file_id, (0, 0, None, None))
        result = FileResult(
            name,
            "events",
            "loaded",
            records_read=read,
            loaded=loaded,
            rejected=rejected,
            duplicates=read - loaded - rejected,
            bots=bots,
            first_event=first,
            last_event=last,
        )
        describe_rejects(con, result, file_id)
        store.execute(
            con,
            "etl/settle_file",
            file_id=file_id,
            run_id=run_id,
            late_duplicates=late.get(file_id, 0),
            **vars(result),
        )
        results.append(result)
    commit_batch(con, run_lake, span, run_id, loaded_at)
    return results


def settle(con: store.Connection, span: dict[str, int], run_lake: RunLake) -> dict[int, int]:
    """Dedupe the landed batch, keep only its accepted events, flag bots, classify the traffic
    sources of its new source keys, roll up; returns the late duplicates of each file (found in
    the lake, older than the window)."""
    start = run_lake.window_start(con)
    store.execute(con, "etl/history_key_matches", **span)
    find_history_ids(con, run_lake, span, start)
    store.execute(con, "etl/find_duplicates", window_start=start, **span)
    late = keep_accepted(con, span)
    for step in store.rollup_steps():  # sql/rollup/order.toml
        testpoints.reached(f"sql:{step.delta}")
        store.compute_delta(con, step)
        store.apply_delta(con, step)
    return late


def keep_accepted(con: store.Connection, span: dict[str, int]) -> dict[int, int]:
    """Once the dedupe has filled duplicate_rows (either engine's): count each file's late
    duplicates, leave only the batch's accepted events in the landing table, flag the bots of
    new user agents, classify new traffic sources, and keep the accepted events as the temp
    table batch_events (what the lake receives); returns the late duplicates of each file."""
    late = dict(store.rows(con, "etl/late_duplicates_by_file", **span))
    store.execute(con, "etl/drop_landed", **span)
    classify_new_user_agents(con, span)
    classify_batch(con, span)
    store.execute(con, "etl/batch_events", **span)
    return late


def classify_new_user_agents(con: store.Connection, span: dict[str, int]) -> None:
    agents = [row[0] for row in store.rows(con, "etl/unclassified_user_agents", **span)]
    if not agents:
        return
    verdicts = classify_agents(agents)
    frame = pd.DataFrame({"user_agent": agents, "is_bot": [verdicts[a] for a in agents]})
    store.execute_with_frame(con, "etl/insert_user_agents", "new_agents", frame)
    store.execute(con, "etl/flag_new_agents", **span)
