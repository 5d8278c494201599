"""Readers and the writer never meet.

The ETL writes only to a private working file (`<db>.work`). When a run ends it checkpoints
and closes that file, copies it next to the published one and renames the copy over the
published path with `os.replace` (atomic on POSIX). Readers (dashboard, CLI) open the published
file read-only for the length of a query: a reader that opened the old file keeps reading it,
the next query sees the new one, and no reader ever holds a lock the ETL needs.

One ETL at a time is enforced with an OS-level lock (`filelock`, flock on POSIX) that dies
with its process, so a killed run never blocks the next one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class LockHeld(RuntimeError):
    """Another ETL run holds the lock."""


def working_path(db: Path) -> Path:
    return db.with_name(db.name + ".work")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def owner_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock.owner")


@contextmanager
def exclusive_run(db: Path) -> Iterator[None]:
    """Hold the ETL lock for the block, or raise LockHeld at once naming the holder."""
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(db)), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockHeld(f"another newsdash etl holds the lock on {db} ({lock_holder(db)})") from None
    try:
        owner_path(db).write_text(f"{os.getpid()}\n", encoding="utf-8")
        yield
    finally:
        lock.release()


def lock_holder(db: Path) -> str:
    try:
        pid = owner_path(db).read_text(encoding="utf-8").strip()
    except OSError:
        return "process unknown"
    return f"PID {pid}" if pid else "process unknown"


def prepare_working_copy(db: Path) -> Path:
    """The writer's file; started from the published one when there is none (new or restored)."""
    work = working_path(db)
    remove_stale_copies(db)
    if not work.exists() and db.exists():
        tmp = work.with_name(work.name + ".tmp")
        copy_durably(db, tmp)
        os.replace(tmp, work)
    return work


def publish(db: Path) -> None:
    """Atomically replace the published database with the (closed, checkpointed) working file."""
    work = working_path(db)
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    try:
        copy_durably(work, tmp)
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
    sync_directory(db.parent)


def copy_durably(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    with dst.open("rb+") as fh:
        os.fsync(fh.fileno())


def sync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_copies(db: Path) -> None:
    """Half-written copies left by a run killed while publishing."""
    for stale in [*db.parent.glob(f".{db.name}.*.tmp"), working_path(db).with_suffix(".work.tmp")]:
        stale.unlink(missing_ok=True)
