"""Upgrade in place: a warehouse of schema 5 or older keeps its raw events and rejected lines
in the database; schema 6 (sql/schema/006_lake.sql) moves them to the lake.

`open_writer` runs the migrations with `move_to_lake` inside migration 6's transaction: the
lake appends are committed first, then the database transaction (the schema change, the rows
leaving the database, `lake_state`) commits. Killed in between, the database is still at
schema 5 with every row in it, and the next run first rolls the lake back to version 0 and
moves them again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash import clock
from newsdash.etl import lake
from newsdash.etl.lake_run import (
    REJECTED_EXAMPLES,
    RunLake,
    open_lake,
    open_lake_at,
    record_versions,
)
from newsdash.settings import Settings
from newsdash.sql import store

LAKE_SCHEMA = 6
DEFAULT_DEDUPE_DAYS = 7
UPGRADE_RUN_ID = 0  # the run id the moved rows' lake commits carry (no run of the ledger)


def migrations_during(settings: Settings) -> dict[int, Callable[[store.Connection], None]]:
    return {LAKE_SCHEMA: lambda con: move_to_lake(con, open_lake(settings))}


def migrations_of_copy(
    path: Path, zone: ZoneInfo, dedupe_days: int = DEFAULT_DEDUPE_DAYS
) -> dict[int, Callable[[store.Connection], None]]:
    """The same, for a database file about to be published at `path` (a restore)."""
    root = lake.lake_root(path)
    return {LAKE_SCHEMA: lambda con: move_to_lake(con, open_lake_at(root, zone.key, dedupe_days))}


def move_to_lake(con: store.Connection, run_lake: RunLake) -> None:
    """Inside migration 6's transaction, after its file: the settled files' events and
    rejected lines to the lake, their rows out of the database, the window's keys built."""
    for table in (run_lake.events, run_lake.quarantine):
        lake.roll_back(table, 0)  # what a killed upgrade committed: the database has none of it
    rejected = store.arrow(con, "etl/upgrade_quarantine")
    lake.append_quarantine(
        run_lake.quarantine, rejected, run_id=UPGRADE_RUN_ID, loaded_at=clock.now(),
        site_tz=run_lake.site_tz,
    )  # fmt: skip
    settled = store.arrow(con, "etl/upgrade_events")
    lake.append_events(run_lake.events, settled, run_id=UPGRADE_RUN_ID, site_tz=run_lake.site_tz)
    store.execute(con, "etl/upgrade_keep_rejected_examples", examples=REJECTED_EXAMPLES)
    store.execute(con, "etl/upgrade_event_keys", window_start=run_lake.window_start(con))
    store.execute(con, "etl/upgrade_clear_events")
    record_versions(con, run_lake)
