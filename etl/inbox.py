"""Which files a run reads, in which order, and what each one is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

EVENT_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".csv", ".csv.gz", ".parquet")
ARTICLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".csv", ".csv.gz")


class InboxError(OSError):
    """The inbox or a named input file cannot be used."""


@dataclass(frozen=True)
class InputFile:
    path: Path
    kind: str  # "events" | "articles"

    @property
    def format(self) -> str:
        """jsonl | csv | parquet, from the name (gzip is handled by DuckDB's readers)."""
        name = self.path.name.lower()
        if name.endswith(".parquet"):
            return "parquet"
        if name.endswith((".csv", ".csv.gz")):
            return "csv"
        return "jsonl"


def is_article_file(path: Path) -> bool:
    """Metadata files are named after what they hold: articles.csv, articles_20251031.jsonl.gz."""
    return "article" in path.name.lower()


def discover(inbox: Path) -> list[InputFile]:
    """Inbox files in name order: article metadata first, then events."""
    if not inbox.is_dir():
        raise InboxError(f"{inbox}: inbox folder does not exist (set [etl] inbox in the config)")
    found = []
    for path in sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".")):
        if is_article_file(path) and path.name.lower().endswith(ARTICLE_SUFFIXES):
            found.append(InputFile(path, "articles"))
        elif path.name.lower().endswith(EVENT_SUFFIXES):
            found.append(InputFile(path, "events"))
    return sorted(found, key=lambda f: (f.kind != "articles", f.path.name))


def named_files(events: list[str], articles: list[str]) -> list[InputFile]:
    """Files given on the command line, articles first, each list in the order given."""
    files = [InputFile(Path(p), "articles") for p in articles]
    files += [InputFile(Path(p), "events") for p in events]
    for f in files:
        if not f.path.is_file():
            raise InboxError(f"{f.path}: no such file")
    return files


def content_hash(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of the bytes: the same delivery under another name is recognised."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()
