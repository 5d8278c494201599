"""Small hand-built inputs for the ETL, loaded through the real ETL, and a plain look at what it
published (independent of the product's queries)."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from newsdash.etl.inbox import InputFile
from newsdash.etl.run import RunResult, run_etl
from newsdash.settings import Settings
from tests.support import lake

BROWSER_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def event(
    event_id: str,
    time: str = "2025-10-30T21:05:00+09:00",
    kind: str = "view",
    article: str = "A1",
    **extra,
) -> dict:
    """One event record; extra fields (session_id, channel, user_agent, ...) as given."""
    record = {"event_id": event_id, "event_time": time, "event_type": kind, "article_id": article}
    record.update(extra)
    return record


def write_jsonl(path: Path, records: Iterable[dict | str]) -> Path:
    """JSON Lines, gzip'd when the name ends in .gz; a str record is written as the raw line."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return path


def write_csv(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


ARTICLE_COLUMNS = ["article_id", "title", "section", "subsection", "author", "published_at", "url"]


def write_articles(path: Path, rows: Iterable[dict]) -> Path:
    return write_csv(path, ARTICLE_COLUMNS, [[r.get(c, "") for c in ARTICLE_COLUMNS] for r in rows])


def load(settings: Settings, *paths: Path) -> RunResult:
    """Run the real ETL on these files (articles recognised by name), as `newsdash etl` does."""
    sources = [InputFile(p, "articles" if "article" in p.name else "events") for p in paths]
    sources.sort(key=lambda f: f.kind != "articles")
    return run_etl(settings, sources)


def query(settings: Settings, sql: str, params: dict | None = None) -> list[tuple]:
    """Read the published database directly, independently of the product's queries (raw
    events and the quarantine from the lake, as the views `events` and `quarantine`)."""
    con = lake.connect(settings.db, settings.zone.key)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()
