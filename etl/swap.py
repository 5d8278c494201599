"""Two files take turns: publishing renames the working file over `<db>` and keeps the file it
replaces as `<db>.standby`, the next run's working file (etl/standby.py).

`swap_in` hard-links `<db>` to a hidden `.<db>.previous`, renames the working file over `<db>`,
renames `.previous` to `<db>.standby`, then fsyncs the folder. Readers always open a whole
`<db>`: the old one before the second step, the new one after it. A kill between the steps
leaves `.previous`, which `finish_swap` sorts out at the next start (the same inode as `<db>`:
dropped; else it is the standby).
"""

from __future__ import annotations

import os
from pathlib import Path

from newsdash.etl.durable import sync_directory
from newsdash.etl.testpoints import reached


def standby_path(db: Path) -> Path:
    return db.with_name(db.name + ".standby")


def previous_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.previous")


def swap_in(work: Path, db: Path) -> None:
    """Publish `work` as `db`; the file `db` was becomes the standby."""
    previous = previous_path(db)
    previous.unlink(missing_ok=True)
    if db.exists():
        os.link(db, previous)
        reached("swap:linked")
    os.replace(work, db)
    if previous.exists():
        os.replace(previous, standby_path(db))
    sync_directory(db.parent)


def finish_swap(db: Path) -> None:
    """Complete a swap a kill interrupted."""
    previous = previous_path(db)
    if not previous.exists():
        return
    if db.exists() and os.path.samefile(previous, db):
        previous.unlink()
    else:
        os.replace(previous, standby_path(db))
    sync_directory(db.parent)


def forget_standby(db: Path) -> None:
    """Drop the standby (a restore put a file of another lineage in place)."""
    for path in (standby_path(db), db.with_name(standby_path(db).name + ".wal"), previous_path(db)):
        path.unlink(missing_ok=True)
