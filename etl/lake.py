"""Raw accepted events and the quarantine as Delta Lake tables on Parquet, one folder per site day.

`<warehouse>/lake/events` and `<warehouse>/lake/quarantine` are Delta tables (delta-rs, the
`deltalake` package: no server, no JVM) partitioned by `dt=YYYY-MM-DD`, the site day. Events
are cut by their `event_time` in the site time zone; a rejected line by the site day it was
loaded (a rejected line may have no readable time). docs/lake.md has the design and the figures
that chose Delta over Iceberg.

Every change is one commit: a new table version, atomic (the commit is the creation of one log
file, `_delta_log/<version>.json`), so a reader sees a version whole or not at all. An append
writes its Parquet files first, then commits them (two steps of our own, so a test can kill the
writer between them: testpoint `lake:files-written`); a writer killed before its commit leaves
only files no version names, which readers never see and `vacuum` deletes.

DuckDB reads a version through its Parquet file list (`files`, then `read_files`): DuckDB's own
delta extension would have to be downloaded.
"""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, Transaction, WriterProperties
from deltalake.transaction import AddAction

from newsdash import clock
from newsdash.etl import testpoints
from newsdash.etl.durable import sync_directory
from newsdash.etl.lake_schema import (
    EVENTS_SCHEMA,
    PARTITION,
    QUARANTINE_SCHEMA,
    LakeError,
    as_table,
    conform,
    site_days,
)
from newsdash.sql import store

APP_ID = "newsdash"  # the Delta application id under which each commit records its run id
ZSTD = WriterProperties(compression="ZSTD")


def lake_root(db: Path) -> Path:
    """The lake of the warehouse whose database file is `db`: the folder `<db>.lake` beside it,
    so that two warehouses in one folder never share one."""
    return Path(db).with_name(Path(db).name + ".lake")


def events_path(root: Path) -> Path:
    return Path(root) / "events"


def quarantine_path(root: Path) -> Path:
    return Path(root) / "quarantine"


def open_table(path: Path, schema: pa.Schema) -> DeltaTable:
    """The Delta table at `path`, created empty (version 0) with `schema` if there is none."""
    if DeltaTable.is_deltatable(str(path)):
        table = DeltaTable(str(path))
        found = pa.schema(table.schema())
        if found.names != schema.names:
            raise LakeError(f"{path}: the table has columns {found.names}, not {schema.names}")
        return table
    Path(path).mkdir(parents=True, exist_ok=True)
    return DeltaTable.create(
        str(path), schema, partition_by=[PARTITION], commit_properties=commit_properties()
    )


def open_events(root: Path) -> DeltaTable:
    return open_table(events_path(root), EVENTS_SCHEMA)


def open_quarantine(root: Path) -> DeltaTable:
    return open_table(quarantine_path(root), QUARANTINE_SCHEMA)


def append_events(table: DeltaTable, batch: Any, *, run_id: int, site_tz: str) -> int:
    """Append accepted events as one commit, each in the folder of its site day; the version."""
    events = as_table(batch)
    days = site_days(events.column("event_time"), site_tz) if events.num_rows else []
    return append(table, conform(events, EVENTS_SCHEMA, days), run_id=run_id)


def append_quarantine(
    table: DeltaTable, batch: Any, *, run_id: int, loaded_at: datetime, site_tz: str
) -> int:
    """Append rejected lines as one commit, in the folder of the load's site day; the version."""
    if loaded_at.tzinfo is None:
        raise LakeError(f"loaded_at {loaded_at} has no UTC offset")
    lines = as_table(batch)
    day = site_days(pa.array([loaded_at], pa.timestamp("us", tz="UTC")), site_tz)[0]
    days = pa.array([day.as_py()] * lines.num_rows, pa.date32())
    return append(table, conform(lines, QUARANTINE_SCHEMA, days), run_id=run_id)


def append(table: DeltaTable, rows: pa.Table, *, run_id: int) -> int:
    """Write `rows` (already conformed) as Parquet files, one per site day, then commit them
    as one version. Nothing to write makes no version. Returns the table's version."""
    if rows.num_rows == 0:
        return table.version()
    actions = [write_day(table, rows, day) for day in pc.unique(rows.column(PARTITION))]
    testpoints.reached("lake:files-written")
    table.create_write_transaction(
        actions,
        mode="append",
        schema=table.schema(),
        partition_by=[PARTITION],
        commit_properties=commit_properties(run_id),
    )
    testpoints.reached("lake:committed")
    return version(table)


def write_day(table: DeltaTable, rows: pa.Table, day: pa.Scalar) -> AddAction:
    """One day's rows as a durable Parquet file under `dt=YYYY-MM-DD/` (without the `dt`
    column: Delta keeps partition values in the log and the folder name)."""
    part = rows.filter(pc.equal(rows.column(PARTITION), day)).drop_columns([PARTITION])
    relative = f"{PARTITION}={day.as_py().isoformat()}/part-{uuid.uuid4().hex}.zstd.parquet"
    target = Path(table_folder(table)) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        pq.write_table(part, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())
    sync_directory(target.parent)
    return AddAction(
        path=relative,
        size=target.stat().st_size,
        partition_values={PARTITION: day.as_py().isoformat()},
        modification_time=epoch_ms(clock.now()),
        data_change=True,
        stats=f'{{"numRecords": {part.num_rows}}}',
    )


def table_folder(table: DeltaTable) -> str:
    return table.table_uri.removeprefix("file://")


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def commit_properties(run_id: int | None = None, **extra: str) -> CommitProperties:
    """Who made a commit, in its metadata, with the time from the one clock. An append's run id
    is also a Delta application transaction (`last_run`)."""
    stamp = clock.now()
    meta = {"newsdash.at": stamp.isoformat(), **extra}
    if run_id is None:
        return CommitProperties(custom_metadata=meta)
    return CommitProperties(
        custom_metadata={**meta, "newsdash.run_id": str(run_id)},
        app_transactions=[Transaction(APP_ID, run_id, epoch_ms(stamp))],
    )


def version(table: DeltaTable) -> int:
    """The table's newest committed version (re-read from its log)."""
    table.update_incremental()
    return table.version()


def last_run(table: DeltaTable) -> int | None:
    """The run id of the newest append (None: nothing appended yet)."""
    table.update_incremental()
    return table.transaction_version(APP_ID)


def day_filters(first: date | None, last: date | None) -> list[tuple[str, str, str]] | None:
    filters = []
    if first is not None:
        filters.append((PARTITION, ">=", iso_day(first)))
    if last is not None:
        filters.append((PARTITION, "<=", iso_day(last)))
    return filters or None


def iso_day(day: date) -> str:
    """A `date` as YYYY-MM-DD; anything else (a datetime, a string) is refused."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"a site day must be a datetime.date, not {day!r}")
    return day.isoformat()


def files(
    path: Path, first: date | None = None, last: date | None = None, at: int | None = None
) -> list[str]:
    """The Parquet files of the site days `first`..`last` (each bound optional) at version `at`
    (default: the newest), for DuckDB's read_parquet."""
    table = DeltaTable(str(path), version=at)
    return table.file_uris(file_pruning_predicate=day_filters(first, last))


def read_files(con: store.Connection, paths: list[str], schema: pa.Schema):
    """A DuckDB relation over the files (`dt` from their folder names), or over no rows."""
    if not paths:
        return con.from_arrow(schema.empty_table())
    return con.sql(store.query_text("lake/read_files"), params={"files": paths})


def roll_back(table: DeltaTable, to: int) -> bool:
    """Make the table's content that of version `to` again (a new version, restoring the files
    of `to`): undoes the commits of a run that did not finish. False when already there."""
    if version(table) == to:
        return False
    table.restore(to, commit_properties=commit_properties(**{"newsdash.undo_to": str(to)}))
    return True


def drop_days_before(table: DeltaTable, day: date) -> int:
    """Retention: remove the whole folders of site days before `day` as one commit (no file
    is rewritten). Returns the number of files removed; none to remove makes no version."""
    table.update_incremental()
    old = table.file_uris(file_pruning_predicate=[(PARTITION, "<", iso_day(day))])
    if not old:
        return 0
    # The predicate names only the partition column, so whole files are removed, none read.
    table.delete(f"{PARTITION} < '{iso_day(day)}'", commit_properties=commit_properties())
    return len(old)


def compact_day(table: DeltaTable, day: date) -> dict[str, Any]:
    """Rewrite one site day's small files as few large ones (same rows; one commit that
    changes no data). Returns delta-rs's metrics (numFilesAdded, numFilesRemoved, ...)."""
    table.update_incremental()
    return table.optimize.compact(
        partition_filters=[(PARTITION, "=", iso_day(day))],
        writer_properties=ZSTD,
        commit_properties=commit_properties(),
    )


def vacuum(table: DeltaTable, keep_versions: list[int]) -> list[str]:
    """Delete the files that neither the newest version nor `keep_versions` (the versions
    readers may still read) name, including those left by killed writers. Run it only while
    holding the ETL lock: a file being written by another writer would look left over."""
    return table.vacuum(
        retention_hours=0,
        dry_run=False,
        enforce_retention_duration=False,
        keep_versions=sorted({*keep_versions, version(table)}),
        full=True,
    )
