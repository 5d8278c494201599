"""Readers and the writer never meet: a private working file, published by an atomic rename.

DuckDB lets one process write a file or many read it, never both. So the ETL never opens the
published database (`<db>`) with DuckDB at all:

1. At the start of a run it copies `<db>` to a hidden partial file, fsyncs it and renames it
   to `<db>.work` (unless a `.work` is left by a run that stopped early: that one already
   holds everything the published file has, plus the files committed since).
2. It loads into `<db>.work`, in batches of files, one transaction a batch (etl/land.py).
3. When the run ends it checkpoints and closes `.work`, reads every block of it back
   (etl/verify.py: a damaged file is never published; the every-minute `--live` run leaves
   this to the nightly run), and renames it over `<db>` (`os.replace`, atomic on POSIX),
   keeping the file it replaces as `<db>.standby`, then fsyncs the folder.

The copy of step 1 is the fallback: a run first tries to take the standby as its working file,
brought up to date by the published file's journal (etl/standby.py, etl/journal.py), which
costs what the last run added instead of what the file holds.

Readers (dashboard, CLI) open `<db>` read-only for one query at a time. A reader that opened
the old file keeps reading it (its inode lives until the last reader closes it: that is how
old snapshots go away); the next query opens the new one. No reader ever holds a lock on a
file the ETL opens, and the published file is never written after its rename, so copying it
is a consistent backup.

One ETL at a time: an OS-level lock (`filelock`, flock on POSIX) that dies with its process,
so a killed run never blocks the next one.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from newsdash.etl.durable import sync_directory
from newsdash.etl.swap import swap_in
from newsdash.etl.testpoints import reached
from newsdash.etl.verify import DatabaseDamaged, verify_database

# Room to leave on top of a copy: DuckDB needs some to open and checkpoint the new file.
SPACE_MARGIN = 16 << 20


class LockHeld(RuntimeError):
    """Another ETL run holds the lock."""


class WarehouseError(OSError):
    """The warehouse files cannot be used (disk full, read-only, corrupt): one line for people.

    An OSError, so every command's existing handler prints it and exits 1.
    """


def working_path(db: Path) -> Path:
    return db.with_name(db.name + ".work")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def owner_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock.owner")


def partial_path(target: Path) -> Path:
    """Where a copy is written before it is renamed to `target`: hidden, never a database name.

    (Not `<name>.tmp`: DuckDB uses `<database>.tmp/` as its spill folder.)
    """
    return target.with_name(f".{target.name}.partial")


def wal_path(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


@contextmanager
def exclusive_run(db: Path) -> Iterator[None]:
    """Hold the ETL lock for the block, or raise LockHeld at once naming the holder."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path(db)), timeout=0)
        lock.acquire()
    except Timeout:
        raise LockHeld(
            f"another newsdash etl ({lock_holder(db)}) holds the lock on {db}; "
            "it stops on its own when done, try again later"
        ) from None
    except OSError as exc:
        raise WarehouseError(describe_os_error(exc, db.parent)) from exc
    try:
        # The PID goes to its own file: some filelock versions truncate the lock file itself
        # when another process tries to take the lock.
        owner_path(db).write_text(f"{os.getpid()}\n", encoding="utf-8")
        reached("run:locked")
        yield
    finally:
        lock.release()


def lock_holder(db: Path, patience: float = 1.0) -> str:
    """'PID n' of the process holding the lock.

    The holder writes its PID just after taking the lock, so a PID that is not alive is the
    previous run's: wait a moment for the new one.
    """
    deadline = time.monotonic() + patience
    while True:
        pid = read_owner(db)
        if pid is not None and (process_alive(pid) or time.monotonic() > deadline):
            return f"PID {pid}"
        if time.monotonic() > deadline:
            return "process unknown"
        time.sleep(0.02)


def read_owner(db: Path) -> int | None:
    try:
        return int(owner_path(db).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def prepare_working_copy(db: Path) -> Path:
    """The writer's file: the one a stopped run left, else a fresh copy of the published one."""
    work = working_path(db)
    remove_partial_copies(db)
    if not work.exists() and db.exists():
        copy_durably(db, work, point="prepare:copied")
    return work


def set_aside(work: Path) -> Path:
    """Move an unusable working file (and its WAL) out of the way, keeping one for inspection."""
    aside = work.with_name(work.name + ".corrupt")
    os.replace(work, aside)
    if wal_path(work).exists():
        os.replace(wal_path(work), wal_path(aside))
    return aside


def publish(db: Path, read_back: bool = True) -> None:
    """Atomically make the (closed, checkpointed) working file the published database, once
    every block of it reads back whole.

    `read_back=False` is the every-minute run's: its cost must not grow with the file and the
    ledger, so it leaves the read-back to the nightly run, to backups and to restores
    (docs/operations.md, section 9)."""
    work = working_path(db)
    if wal_path(work).exists():
        # Only a checkpointed file is whole on its own; renaming would leave its WAL behind.
        raise WarehouseError(f"{work}: not checkpointed (a .wal is left); nothing was published")
    reached("publish:checking")
    if read_back:
        try:
            verify_database(work)
        except DatabaseDamaged as exc:
            raise refuse_to_publish(db, exc.detail) from exc
    reached("publish:before")
    # A .wal beside the published file can only come from someone opening it read-write by
    # hand; it must not be replayed into the file that replaces it.
    wal_path(db).unlink(missing_ok=True)
    # DuckDB's checkpoint fsync'd the file's content; the folder's fsync makes the renames
    # durable. The file published until now becomes the standby (etl/swap.py).
    swap_in(work, db)
    reached("publish:renamed")


def refuse_to_publish(db: Path, detail: str) -> WarehouseError:
    """Set the damaged working file aside, and say whether the published file is the cause
    (`detail`: DuckDB's line about the damage)."""
    aside = set_aside(working_path(db))
    published_whole = True
    if db.exists():
        try:
            verify_database(db)
        except DatabaseDamaged:
            published_whole = False
    if published_whole:
        return WarehouseError(
            f"the run's result is damaged ({detail}): nothing was published, it was set "
            f"aside as {aside.name}; {db.name} is whole: run again, and if it happens again "
            "check the disk (dmesg, smartctl)"
        )
    return WarehouseError(
        f"{db} is damaged ({detail}): nothing was published (this run's copy of it was set "
        f"aside as {aside.name}); the first run after a restore reloads the inbox files that "
        "came after the backup: restore a backup with `newsdash restore FILE`"
    )


def copy_durably(src: Path, dst: Path, point: str | None = None) -> None:
    """Copy src to dst all-or-nothing: a partial file, fsync'd, renamed, the folder fsync'd."""
    with src.open("rb") as fh:
        partial = write_partial(fh, dst)
    if point:
        reached(point)
    os.replace(partial, dst)
    sync_directory(dst.parent)


def write_partial(fh, target: Path) -> Path:
    """Copy an open file to `target`'s partial file and fsync it.

    Reading from an open file: a rename over its path meanwhile does not change what is read.
    """
    ensure_space(target.parent, os.fstat(fh.fileno()).st_size)
    partial = partial_path(target)
    try:
        with partial.open("wb") as out:
            shutil.copyfileobj(fh, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise WarehouseError(describe_os_error(exc, target.parent)) from exc
    return partial


def ensure_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + SPACE_MARGIN:
        raise WarehouseError(
            f"disk full: a copy of {mb(needed)} needs {mb(needed + SPACE_MARGIN)} free in "
            f"{folder}, only {mb(free)} left; free some space and run again "
            "(the published data is unchanged)"
        )


def remove_partial_copies(db: Path) -> None:
    """Half-written copies left by a process killed while copying: never a database yet."""
    for target in (db, working_path(db)):
        partial_path(target).unlink(missing_ok=True)
        wal_path(partial_path(target)).unlink(missing_ok=True)


def mb(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MB"


def free_space(folder: Path) -> str:
    try:
        return mb(shutil.disk_usage(folder).free)
    except OSError:
        return "unknown"


def chain(exc: BaseException) -> list[BaseException]:
    """The error and the ones it was raised from or while handling, outermost first."""
    found: list[BaseException] = []
    while exc is not None and exc not in found:
        found.append(exc)
        exc = exc.__cause__ or exc.__context__
    return found


def describe_os_error(exc: BaseException, folder: Path) -> str:
    """One line that says what is wrong with the warehouse folder and what to do.

    The whole chain is read: after a failed write DuckDB reports "database has been
    invalidated", and the real cause (disk full) is the error it was handling.
    """
    for err in reversed(chain(exc)):
        code = getattr(err, "errno", None)
        text = str(err)
        if code == errno.ENOSPC or "No space left on device" in text:
            return (
                f"disk full: no space left in {folder} ({free_space(folder)} free); free some "
                "space and run again (the published data is unchanged)"
            )
        said = [s for s in ("Read-only file system", "Permission denied") if s in text]
        if code in (errno.EROFS, errno.EACCES, errno.EPERM) or said:
            why = os.strerror(code) if code else said[0]
            return (
                f"cannot write in {folder}: {why}; make it writable for this user "
                "(the published data is unchanged)"
            )
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"{first} (in {folder}; the published data is unchanged)"
