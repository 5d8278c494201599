"""The lake side of a run: which lake tables, which versions the database describes, and the
steps of a batch that read or write the lake (docs/lake.md, "The commit protocol").

The database transaction of a batch is its commit point: the lake appends happen inside it,
just before it commits, and `lake_state` (written in the same transaction) records the versions
they returned. A run first rolls each lake table back to the versions its database records,
which undoes the appends of a run that died before its database commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from deltalake import DeltaTable

from newsdash.etl import lake, testpoints
from newsdash.settings import Settings
from newsdash.sql import store

# Rejected lines of each file and reason kept in the database for Data health (all are in the
# lake's quarantine).
REJECTED_EXAMPLES = 5


@dataclass
class RunLake:
    """The lake tables a run writes, and the facts its batches need."""

    events: DeltaTable
    quarantine: DeltaTable
    site_tz: str
    dedupe_days: int
    # The engine's settle step of a batch (etl/engines.py; land.Settle); None: DuckDB's own.
    settle: Callable[..., dict[int, int]] | None = None

    def window_start(self, con: store.Connection) -> date:
        return store.scalar(con, "etl/window_start", days=self.dedupe_days)


def open_lake(settings: Settings, settle: Callable[..., dict[int, int]] | None = None) -> RunLake:
    run_lake = open_lake_at(lake.lake_root(settings.db), settings.zone.key, settings.dedupe_days)
    run_lake.settle = settle
    return run_lake


def open_lake_at(root: Path, site_tz: str, dedupe_days: int) -> RunLake:
    return RunLake(lake.open_events(root), lake.open_quarantine(root), site_tz, dedupe_days)


def recorded_versions(con: store.Connection) -> tuple[int, int]:
    """(events, quarantine) versions the database describes; (0, 0) before the first run."""
    found = store.rows(con, "etl/lake_state")
    return (int(found[0][0]), int(found[0][1])) if found else (0, 0)


def recover(con: store.Connection, run_lake: RunLake) -> list[str]:
    """Roll each lake table back to the version the database records (undoing a dead run's
    commits); the names of the tables rolled back."""
    events, quarantine = recorded_versions(con)
    undone = []
    for name, table, to in (("events", run_lake.events, events),
                            ("quarantine", run_lake.quarantine, quarantine)):  # fmt: skip
        if lake.version(table) < to:
            raise lake.LakeError(
                f"{lake.table_folder(table)} is at version {lake.version(table)}, older than "
                f"version {to} that the database describes: restore the lake folder with the "
                "database (`newsdash restore`)"
            )
        if lake.roll_back(table, to):
            undone.append(name)
    return undone


def record_versions(con: store.Connection, run_lake: RunLake) -> None:
    """Write the lake's current versions to lake_state (inside the caller's transaction)."""
    store.execute(con, "etl/forget_lake_state")
    store.execute(
        con,
        "etl/record_lake_state",
        events_version=lake.version(run_lake.events),
        quarantine_version=lake.version(run_lake.quarantine),
    )


def find_history_ids(con: store.Connection, run_lake: RunLake, span: dict, start: date) -> None:
    """Fill the temp table history_ids with the batch's ids found in the lake: on the days of
    its key matches in the window, and on the own days of its late events."""
    days = [row[0] for row in store.rows(con, "etl/lake_days_to_check", window_start=start, **span)]
    paths = day_files(run_lake.events, days)
    if not paths:
        store.execute(con, "etl/no_history_ids")
        return
    store.execute(con, "etl/history_ids", files=paths, **span)


def day_files(table: DeltaTable, days: list[date]) -> list[str]:
    """The Parquet files of the table's newest version on these site days."""
    if not days:
        return []
    table.update_incremental()
    wanted = [lake.iso_day(d) for d in days]
    return table.file_uris(file_pruning_predicate=[(lake.PARTITION, "in", wanted)])


def commit_batch(
    con: store.Connection, run_lake: RunLake, span: dict, run_id: int, loaded_at: datetime
) -> None:
    """The lake commits of a settled batch, then the database rows that follow from them, in
    the caller's open transaction: quarantine and accepted events to the lake, the rejected
    lines counted and trimmed to examples, the window's keys added, the landing rows gone,
    lake_state recorded. The caller commits."""
    rejected = store.arrow(con, "etl/batch_quarantine", **span)
    lake.append_quarantine(
        run_lake.quarantine, rejected, run_id=run_id, loaded_at=loaded_at,
        site_tz=run_lake.site_tz,
    )  # fmt: skip
    accepted = store.arrow(con, "etl/accepted_batch_events")
    lake.append_events(run_lake.events, accepted, run_id=run_id, site_tz=run_lake.site_tz)
    testpoints.reached("lake:batch-committed")
    store.execute(con, "etl/count_rejected", **span)
    store.execute(con, "etl/keep_rejected_examples", examples=REJECTED_EXAMPLES, **span)
    store.execute(con, "etl/add_event_keys", window_start=run_lake.window_start(con), **span)
    store.execute(con, "etl/clear_landed", **span)
    record_versions(con, run_lake)


def commit_quarantine(
    con: store.Connection, run_lake: RunLake, file_id: int, run_id: int, loaded_at: datetime
) -> None:
    """An article file's rejected lines to the lake's quarantine (in the caller's transaction)."""
    span = {"first_file_id": file_id, "last_file_id": file_id}
    rejected = store.arrow(con, "etl/batch_quarantine", **span)
    lake.append_quarantine(
        run_lake.quarantine, rejected, run_id=run_id, loaded_at=loaded_at,
        site_tz=run_lake.site_tz,
    )  # fmt: skip
    store.execute(con, "etl/count_rejected", **span)
    store.execute(con, "etl/keep_rejected_examples", examples=REJECTED_EXAMPLES, **span)
    record_versions(con, run_lake)


def refresh_dedupe_keys(con: store.Connection, run_lake: RunLake) -> None:
    """Rebuild event_keys from the lake's window if this DuckDB's hash() differs from the one
    that wrote them (a DuckDB upgrade may change it): stale keys would let duplicates through.
    Then forget the keys of days that left the window."""
    start = run_lake.window_start(con)
    if not store.scalar(con, "etl/key_hash_current"):
        con.begin()
        store.execute(con, "etl/rehash_event_ids")
        add_window_keys(con, run_lake, start)
        con.commit()
    store.execute(con, "etl/forget_old_keys", window_start=start)


def add_window_keys(con: store.Connection, run_lake: RunLake, start: date) -> None:
    run_lake.events.update_incremental()
    paths = run_lake.events.file_uris(
        file_pruning_predicate=[(lake.PARTITION, ">=", lake.iso_day(start))]
    )
    if paths:
        store.execute(con, "etl/keys_from_lake", files=paths)
