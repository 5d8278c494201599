"""Imported events into the inbox: one source file's (or range's, etl/imports/units.py) events in
chunks of LINES_PER_CHUNK source lines, `import_<key>_<chunk, 6 digits>.jsonl`, the key naming
the source by its content (sha256, 16 hex digits; for an access log also its range), each
written as `.part`, fsync'd and renamed into place (the ETL never reads a `.part`).

A chunk already in the inbox was finished by an earlier import of the same bytes: it is kept,
not rewritten, so a killed import goes on where it stopped and a second import writes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from newsdash.etl import testpoints
from newsdash.etl.durable import sync_directory

PREFIX = "import_"
LINES_PER_CHUNK = 250_000


class Outbox:
    """Event lines go straight into the open chunk's `.part` (memory does not grow with the
    chunk); at the chunk's last source line it is fsync'd and renamed into place."""

    def __init__(self, inbox: Path, key: str, lines_per_chunk: int = LINES_PER_CHUNK):
        self.inbox = inbox
        self.key = key
        self.lines_per_chunk = lines_per_chunk
        self.chunk = 1
        self.fh: TextIO | None = None
        self.skipping = False  # the chunk is already in the inbox: nothing of it is written
        self.written: list[Path] = []  # written now
        self.kept: list[Path] = []  # finished by an earlier import
        inbox.mkdir(parents=True, exist_ok=True)

    def path(self, chunk: int) -> Path:
        return self.inbox / f"{PREFIX}{self.key}_{chunk:06d}.jsonl"

    @property
    def files(self) -> list[Path]:
        return sorted(self.written + self.kept)

    def add(self, line_number: int, event_line: str | None) -> None:
        """Write the event of this source line; close the chunk at its last line."""
        if event_line is not None and not self.skipping:
            if self.fh is None:
                self.open()
            if self.fh is not None:
                self.fh.write(event_line)
                self.fh.write("\n")
        if line_number >= self.chunk * self.lines_per_chunk:
            self.flush()

    def open(self) -> None:
        path = self.path(self.chunk)
        if path.exists():
            self.skipping = True
            self.kept.append(path)
            return
        part = path.with_name(path.name + ".part")
        self.fh = part.open("w", encoding="utf-8", errors="replace", newline="\n")

    def flush(self) -> None:
        """Finish the chunk (if it had events) and start the next."""
        if self.fh is not None:
            self.finish(self.fh)
        self.fh, self.skipping = None, False
        self.chunk += 1

    def finish(self, fh: TextIO) -> None:
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        path = self.path(self.chunk)
        testpoints.reached("import:part")
        os.replace(path.with_name(path.name + ".part"), path)
        sync_directory(self.inbox)
        self.written.append(path)
        testpoints.reached("import:chunk")
