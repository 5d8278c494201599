"""Imported events into the inbox: one source file's events in chunks of LINES_PER_CHUNK source
lines, `import_<source sha256, 16 hex>_<chunk, 6 digits>.jsonl`, each written as `.part`,
fsync'd and renamed into place (the ETL never reads a `.part`).

A chunk already in the inbox was finished by an earlier import of the same bytes: it is kept,
not rewritten, so a killed import goes on where it stopped and a second import writes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsdash.etl import testpoints

PREFIX = "import_"
LINES_PER_CHUNK = 250_000


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Outbox:
    def __init__(self, inbox: Path, source_hash: str, lines_per_chunk: int = LINES_PER_CHUNK):
        self.inbox = inbox
        self.key = source_hash[:16]
        self.lines_per_chunk = lines_per_chunk
        self.pending: list[str] = []
        self.chunk = 1
        self.written: list[Path] = []  # written now
        self.kept: list[Path] = []  # finished by an earlier import
        inbox.mkdir(parents=True, exist_ok=True)

    def path(self, chunk: int) -> Path:
        return self.inbox / f"{PREFIX}{self.key}_{chunk:06d}.jsonl"

    @property
    def files(self) -> list[Path]:
        return sorted(self.written + self.kept)

    def add(self, line_number: int, event_line: str | None) -> None:
        """Collect the event of this source line; close the chunk at its last line."""
        if event_line is not None:
            self.pending.append(event_line)
        if line_number >= self.chunk * self.lines_per_chunk:
            self.flush()

    def flush(self) -> None:
        path = self.path(self.chunk)
        if path.exists():
            self.kept.append(path)
        elif self.pending:
            self.write(path, self.pending)
            self.written.append(path)
        self.pending = []
        self.chunk += 1

    def write(self, path: Path, lines: list[str]) -> None:
        part = path.with_name(path.name + ".part")
        with part.open("w", encoding="utf-8", errors="replace", newline="\n") as fh:
            fh.write("\n".join(lines))
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        testpoints.reached("import:part")
        os.replace(part, path)
        fsync_dir(self.inbox)
        testpoints.reached("import:chunk")
