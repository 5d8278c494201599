"""Reading a log file as numbered lines of bytes, plain or gzip'd (multi-member too), in bounded
memory: one line at a time, a line longer than MAX_LINE_BYTES cut into `None` (malformed)."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
MAX_LINE_BYTES = 64 * 1024
RECENT_LINES = 200_000  # identical lines are counted among this many recent distinct ones


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


class LineReader:
    """Numbered lines of one file, or of the lines starting in [start, end) of a plain file;
    `position` is how far into the file (on disk) it has read."""

    def __init__(self, path: Path, start: int = 0, end: int | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.raw: BinaryIO = path.open("rb")
        # GzipFile reads every member of a concatenated gzip, in blocks (bounded memory).
        self.stream: BinaryIO = gzip.GzipFile(fileobj=self.raw) if is_gzip(path) else self.raw
        self.start, self.end = start, end
        if start:  # the first line that starts at or after `start`
            self.raw.seek(start - 1)
            self.start += len(self.raw.readline()) - 1

    @property
    def position(self) -> int:
        return self.raw.tell()

    def __iter__(self) -> Iterator[tuple[int, bytes | None]]:
        """(line number, bytes without the line end), or None for a line over the limit."""
        readline = self.stream.readline
        number, at, end = 0, self.start, self.end
        while (end is None or at < end) and (line := readline(MAX_LINE_BYTES)):
            number += 1
            at += len(line)
            if not line.endswith(b"\n") and len(line) >= MAX_LINE_BYTES:
                while (rest := readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    at += len(rest)
                at += len(rest)
                yield number, None
                continue
            yield number, line.rstrip(b"\r\n")

    def close(self) -> None:
        self.stream.close()
        self.raw.close()


class LineIds:
    """Event ids from the line itself: a hash of its bytes and of how many identical lines came
    before it. The same file imported again, or a rotated copy holding some of the same lines,
    gives the same ids to the same requests; two identical requests in the same second stay
    two events. Occurrences are remembered for at least the last RECENT_LINES / 2 distinct
    lines, at most RECENT_LINES (identical lines carry the same second, so they sit close
    together): memory stays bounded. Two plain dicts, the newer and the older half: when the
    newer fills, the older is dropped whole (cheaper per line than a least-recently-used list)."""

    def __init__(self, prefix: str, recent: int = RECENT_LINES) -> None:
        self.prefix = prefix
        self.half = max(1, recent // 2)
        self.newer: dict[bytes, int] = {}
        self.older: dict[bytes, int] = {}

    def event_id(self, line: bytes) -> str:
        digest = hashlib.blake2b(line, digest_size=16).digest()
        count = self.newer.get(digest)
        if count is None:
            count = self.older.pop(digest, 0)
            if len(self.newer) >= self.half:
                self.older, self.newer = self.newer, {}
        self.newer[digest] = count + 1
        if count == 0:
            return self.prefix + digest.hex()[:24]
        return (
            self.prefix
            + hashlib.blake2b(digest + count.to_bytes(8, "big"), digest_size=12).hexdigest()
        )
