"""The append-only inbox file: `.part` while open, fsync'd batch by batch, renamed into place.

The ETL reads only finished names (`collect_YYYYmmddTHHMMSS_NNNNNN.jsonl`, the time the file was
opened, in UTC, so names sort in time order); it never sees a `.part` (etl/inbox.py takes only
known suffixes). Every write is whole lines; a crash can still leave a torn last line, so at
start `recover()` cuts each leftover `.part` back to its last complete line (everything that was
acknowledged was fsync'd, so complete) and renames it into place.

Not thread-safe: one thread (commit.py's writer) owns a Spool.
"""

from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime
from pathlib import Path

from newsdash.etl.durable import sync_directory

PREFIX = "collect_"
SUFFIX = ".jsonl"
PART = ".part"
CUT_REQUEST = ".cut"  # a run asks for the open file (etl/collect/cut_request.py)
# fdatasync flushes the data and the file size (all a reader needs) without the mtime update
# fsync also journals: the same durability for an append, one journal commit less.
SYNC_DATA = getattr(os, "fdatasync", os.fsync)


def next_name(inbox: Path, stamp: str, first: int = 1) -> tuple[str, int]:
    """collect_<stamp>_<n>.jsonl with the first n from `first` not taken by a finished or open
    file. A few stat calls, not a listing: the inbox can hold many files."""
    number = first
    while True:
        name = f"{PREFIX}{stamp}_{number:06d}{SUFFIX}"
        if not (inbox / name).exists() and not (inbox / (name + PART)).exists():
            return name, number
        number += 1


def complete_length(path: Path) -> int:
    """Bytes up to and including the last newline: the whole lines of the file."""
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            step = min(65536, end)
            fh.seek(end - step)
            block = fh.read(step)
            at = block.rfind(b"\n")
            if at >= 0:
                return end - step + at + 1
            end -= step
    return 0


def recover(inbox: Path) -> list[tuple[Path, int]]:
    """Finish every `.part` a crash left: cut the torn last line, rename into place (or remove
    a file with no complete line). Returns (finished path, bytes dropped) for each."""
    done = []
    for part in sorted(inbox.glob(f"{PREFIX}*{SUFFIX}{PART}")):
        keep = complete_length(part)
        dropped = part.stat().st_size - keep
        with part.open("r+b") as fh:
            fh.truncate(keep)
            os.fsync(fh.fileno())
        final = part.with_name(part.name[: -len(PART)])
        if keep == 0:
            part.unlink()
        else:
            os.replace(part, final)
        done.append((final, dropped))
    if done:
        sync_directory(inbox)
    return done


def cut_request_identity(inbox: Path) -> tuple[int, int] | None:
    """(inode, mtime in ns) of a pending cut request, or None: each one is answered once."""
    try:
        found = os.stat(inbox / CUT_REQUEST)
    except OSError:
        return None
    return (found.st_ino, found.st_mtime_ns)


class Spool:
    """The open `.part` file and when it is due to be rotated."""

    def __init__(self, inbox: Path, rotate_seconds: float, rotate_events: int) -> None:
        self.inbox = inbox
        self.rotate_seconds = rotate_seconds
        self.rotate_events = rotate_events
        self.fd: int | None = None
        self.path: Path | None = None
        self.events = 0
        self.opened_at = 0.0  # time.monotonic(): a duration, not "now"
        self.files_written = 0
        self.last_name: tuple[str, int] | None = None  # (stamp, n) of the last file opened
        self.cut_seen: tuple[int, int] | None = None  # the last cut request answered

    def open(self, now: datetime) -> None:
        stamp = now.strftime("%Y%m%dT%H%M%S")  # UTC: names sort in time order
        last = self.last_name
        name, number = next_name(self.inbox, stamp, last[1] + 1 if last and last[0] == stamp else 1)
        self.last_name = (stamp, number)
        self.path = self.inbox / (name + PART)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o640)
        sync_directory(self.inbox)
        self.events = 0
        self.opened_at = time.monotonic()

    def append(self, data: bytes, events: int, now: datetime) -> None:
        """Write whole lines and fsync them; on failure the file is cut back to where it was,
        so a later batch never follows a torn line."""
        if self.fd is None:
            self.open(now)
        assert self.fd is not None
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view) :]
            SYNC_DATA(self.fd)
        except OSError:
            self.cut_back(start)
            raise
        self.events += events

    def cut_back(self, size: int) -> None:
        """After a failed write: drop the partial batch, or give up the file (recovered at the
        next start) when even that fails."""
        assert self.fd is not None
        try:
            os.ftruncate(self.fd, size)
            os.fsync(self.fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd, self.path = None, None

    def due(self) -> bool:
        """Time to rename the open file into place: it is old or full, or a run asked."""
        asked = self.cut_asked()
        if self.fd is None:
            return False
        age = time.monotonic() - self.opened_at
        return asked or self.events >= self.rotate_events or age >= self.rotate_seconds

    def cut_asked(self) -> bool:
        """A run has asked for the open file (etl/collect/cut_request.py) since we last looked."""
        request = cut_request_identity(self.inbox)
        if request is None or request == self.cut_seen:
            return False
        self.cut_seen = request
        return True

    def rotate(self) -> Path | None:
        """Close the open file and rename it into place; the finished path, if there was one.
        A rename that fails leaves the `.part` for the next start's recovery."""
        if self.fd is None or self.path is None:
            return None
        fd, part, events = self.fd, self.path, self.events
        self.fd, self.path, self.events = None, None, 0
        os.close(fd)
        if events == 0:
            part.unlink()
            sync_directory(self.inbox)
            return None
        final = part.with_name(part.name[: -len(PART)])
        os.replace(part, final)
        sync_directory(self.inbox)
        self.files_written += 1
        return final
