"""Which files of a run load together, and in what order."""

from __future__ import annotations

import os
from collections.abc import Callable

from newsdash import clock
from newsdash.etl import testpoints
from newsdash.etl.inbox import InputFile, content_hash
from newsdash.etl.lake_run import RunLake
from newsdash.etl.land import load_event_batch, settle_landed, use_temp_landing
from newsdash.etl.load import FileResult, Pending, load_article_file, record_failed
from newsdash.sql import store

# Consecutive JSON Lines event files load together up to this many bytes (as on disk): one
# transaction and one pass of each step for all of them, and each core reads one file.
BATCH_BYTES = 256 << 20
# ... and a batch takes at least one file per core whatever their size: a gzip'd file is
# decompressed by one thread, so a batch of one big file left the other cores idle (100M:
# 14 daily files of 330 MB, one a batch; docs/performance.md). The landing streams and the
# settling steps spill past the memory limit, so a larger batch costs disk, not memory.
FILES_PER_BATCH = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def joins_batch(batch: list[Pending], pending: Pending, at_least: int = FILES_PER_BATCH) -> bool:
    if pending.source.kind != "events" or pending.source.format != "jsonl":
        return False
    if len(batch) < at_least:
        return True
    return sum(p.size for p in batch) + pending.size <= BATCH_BYTES


def load_files(
    con: store.Connection,
    sources: list[InputFile],
    run_id: int,
    report: Callable[[list[FileResult]], None],
    run_lake: RunLake,
) -> None:
    """Load the files in order, in batches, reporting each batch's results as it ends. First
    settles what a stopped run landed and did not settle; a file whose content was loaded (or
    dismissed) is skipped; one that failed before is tried again; one that cannot be hashed
    (gone since discovery, unreadable) is recorded failed, alone."""
    loaded_at = clock.now()
    batch: list[Pending] = []

    def flush() -> None:
        if batch:
            report(load_event_batch(con, batch, run_id, loaded_at, run_lake))
            batch.clear()

    report(settle_landed(con, run_id, run_lake, loaded_at))
    use_temp_landing(con)
    for source in sources:
        testpoints.reached("file:hashing")
        try:
            pending = Pending(source, content_hash(source.path), source.path.stat().st_size)
        except OSError as exc:  # gone since discovery, or unreadable: this file fails alone
            flush()
            report([record_failed(con, Pending(source, None, None), run_id, exc)])
            continue
        testpoints.reached("file:hashed")
        if any(p.sha256 == pending.sha256 for p in batch):
            flush()  # the same content twice in a row: the ledger must know the first one
        known = store.rows(con, "etl/file_by_content", sha256=pending.sha256)
        if not known and joins_batch(batch, pending):
            batch.append(pending)
            continue
        flush()
        if known:
            report([skipped(source, *known[0][1:])])
        elif source.kind == "articles":
            report([load_article_file(con, pending, run_id, loaded_at, run_lake)])
        else:
            report(load_event_batch(con, [pending], run_id, loaded_at, run_lake))
    flush()


def skipped(source: InputFile, name: str, status: str, reason: str | None) -> FileResult:
    """A file whose content the ledger knows: loaded before, or failed and dismissed."""
    why = f"same content as {name}, already {status}"
    if status == "dismissed":
        why = f"same content as {name}, dismissed ({reason})"
    return FileResult(source.path.name, source.kind, "skipped", reason=why)
