"""Backups and restores of the published database and its lake.

A backup is the published file plus the lake folder (`<backups>/lake/`): Parquet data files and
Delta log entries never change once written, so only the ones the backup folder lacks are
copied (etl/lake_backup.py). A restore copies back the lake files the warehouse lacks; the next
run rolls each lake table back to the versions the restored file records (`lake_state`).

A backup copies the published file and reads every block of the copy back (etl/verify.py)
before it counts: a damaged copy is deleted, no older backup is removed, and the command fails
naming the newest backup there is. A restore refuses a damaged backup the same way.

A backup copies the published file. That file is never written after the ETL renamed it into
place (the ETL works on `<db>.work`), so a plain copy of it is consistent, even while a run
is going on: the copy reads from the file it opened, whatever is renamed over the path.

A restore puts a backup back under the ETL lock: the backup is checked, copied next to the
database, migrated to this newsdash's schema, then renamed over the published file; the
working file is removed first, so the next run starts from the restored data.
"""

from __future__ import annotations

import fcntl
import os
import re
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from newsdash import clock
from newsdash.etl.lake import lake_root
from newsdash.etl.lake_backup import copy_new_lake_files
from newsdash.etl.publish import (
    WarehouseError,
    exclusive_run,
    remove_partial_copies,
    sync_directory,
    wal_path,
    working_path,
    write_partial,
)
from newsdash.etl.status import iso
from newsdash.etl.swap import forget_standby
from newsdash.etl.testpoints import reached
from newsdash.etl.upgrade import migrations_of_copy
from newsdash.etl.verify import DatabaseDamaged, verify_database
from newsdash.sql import store

BACKUP_SUFFIX = ".duckdb"


def summary(path: Path, zone: ZoneInfo) -> dict[str, Any]:
    """Open a copy read-only and read what it holds: proof that it is a whole newsdash database."""
    try:
        with store.Database(path, zone).reading() as con:
            cursor = store.execute(con, "ops/backup_summary")
            row = cursor.fetchone()
            names = [col[0] for col in cursor.description]
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise WarehouseError(f"{path} is not a readable newsdash database ({first})") from exc
    return {name: iso(value) for name, value in zip(names, row, strict=True)}


def backup_name(db: Path, folder: Path, now: datetime) -> Path:
    """`<db stem>-YYYYmmddTHHMMSSZ.duckdb`: names sort by time; a second one in the same
    second gets a suffix."""
    stem = f"{db.stem}-{now:%Y%m%dT%H%M%SZ}"
    target, n = folder / f"{stem}{BACKUP_SUFFIX}", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{BACKUP_SUFFIX}"
    return target


def backup(db: Path, folder: Path, zone: ZoneInfo, keep: int | None = None) -> dict[str, Any]:
    """Copy the published database into `folder`, check the copy, prune to the newest `keep`."""
    if not db.exists():
        raise WarehouseError(f"{db}: nothing to back up yet (run `newsdash etl` first)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot create the backup folder {folder}: {exc.strerror}") from exc
    remove_stale_partials(db, folder)
    target = backup_name(db, folder, clock.now())
    with db.open("rb") as published:
        # Held like a DuckDB reader holds it: the next run waits for the copy before it takes
        # this file as its standby and writes into it (etl/standby.py).
        fcntl.lockf(published, fcntl.LOCK_SH)
        partial = write_partial(published, target)
        # The lake after the database: every version the copied file names is then copied too.
        copied = copy_new_lake_files(lake_root(db), folder / "lake")
    try:
        verify_database(partial)
        held = summary(partial, zone)
    except DatabaseDamaged as exc:
        partial.unlink(missing_ok=True)
        raise WarehouseError(damaged_published(db, folder, exc)) from exc
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    sync_directory(folder)
    removed = prune(db, folder, keep)
    return {
        "backup": str(target),
        "size": target.stat().st_size,
        "lake_files_copied": copied,
        "removed": removed,
        **held,
    }


def damaged_published(db: Path, folder: Path, exc: DatabaseDamaged) -> str:
    """What to do when the published file does not read back whole."""
    newest = ours(db, folder)[-1:]
    what = (
        f"the newest backup is {newest[0]}: restore it with `newsdash restore {newest[0]}`"
        if newest
        else f"there is no earlier backup in {folder}: restore one from elsewhere"
    )
    return (
        f"{db} is damaged ({exc.detail}): no backup was made and none was removed; {what}, "
        "then run `newsdash etl` (it reloads the inbox files that came after the backup)"
    )


def remove_stale_partials(db: Path, folder: Path, age: float = 24 * 3600) -> None:
    """Half-written copies of backups killed a day or more ago (younger ones may be running)."""
    for partial in folder.glob(f".{db.stem}-*{BACKUP_SUFFIX}.partial"):
        with suppress(OSError):
            if clock.timestamp() - partial.stat().st_mtime > age:
                partial.unlink()


def prune(db: Path, folder: Path, keep: int | None) -> list[str]:
    """Delete all but the newest `keep` backups of this database in `folder`.

    Only files named by `backup_name` count, ordered by their time and same-second number
    (by name, `...Z.duckdb` would sort after `...Z-2.duckdb`).
    """
    if not keep:
        return []
    old = ours(db, folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return [str(p) for p in old]


def ours(db: Path, folder: Path) -> list[Path]:
    """The backups of this database in `folder`, oldest first, by their time and same-second
    number (by name, `...Z.duckdb` would sort after `...Z-2.duckdb`)."""
    pattern = re.compile(rf"^{re.escape(db.stem)}-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?{BACKUP_SUFFIX}$")
    found = []
    for path in folder.iterdir():
        if match := pattern.match(path.name):
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found)]


def restore(db: Path, source: Path, zone: ZoneInfo) -> dict[str, Any]:
    """Make `source` the published database (and the starting point of the next run)."""
    if not source.is_file():
        raise WarehouseError(f"{source}: no such backup file")
    held = summary(source, zone)
    try:
        verify_database(source)
    except DatabaseDamaged as exc:
        raise WarehouseError(
            f"cannot restore: {source} is damaged ({exc.detail}); restore an older backup"
        ) from exc
    with exclusive_run(db):
        remove_partial_copies(db)
        # The lake files of the backup that the warehouse lacks (none, unless its lake was
        # lost): the next run rolls the lake back to the versions the restored file records.
        copy_new_lake_files(source.parent / "lake", lake_root(db))
        with source.open("rb") as fh:
            partial = write_partial(fh, db)
        try:
            migrate_copy(partial, zone)
        except BaseException:
            partial.unlink(missing_ok=True)
            wal_path(partial).unlink(missing_ok=True)
            raise
        reached("restore:copied")
        # The working file goes first: were the process killed between the two steps, the
        # next run starts from the old published file (restore again), never from a working
        # file older than the backup published over it.
        for leftover in (working_path(db), wal_path(working_path(db)), wal_path(db)):
            leftover.unlink(missing_ok=True)
        forget_standby(db)
        sync_directory(db.parent)
        reached("restore:work-removed")
        os.replace(partial, db)
        sync_directory(db.parent)
    return {"restored": str(source), "database": str(db), **held}


def migrate_copy(path: Path, zone: ZoneInfo) -> None:
    """Bring an older backup to this newsdash's schema before it becomes the published file,
    so readers never see an old schema; a newer backup is refused."""
    try:
        con = store.Database(path, zone, read_only=False).connect()
        try:
            store.migrate(con, migrations_of_copy(path, zone))
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except store.SchemaTooNew as exc:
        raise WarehouseError(f"cannot restore: {exc}") from exc
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise WarehouseError(f"cannot restore: {first}") from exc
