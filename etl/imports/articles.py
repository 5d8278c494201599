"""Which request is which article: `[import] article_url`, a regex with one capture group (the
article id) searched in the request's path and query string, and an optional mapping from the
captured id to the articles' own ids, read from article metadata files (their `url` column)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

# The seed site's article pages (https://www.globaleconomictimes.kr/article/1065551107195007)
# and the sample data's (https://www.example-news.test/news/view.php?idx=100001).
DEFAULT_ARTICLE_URL = r"(?:/article/|/view\.php\?(?:[^#]*&)?idx=)(\d+)"
STATIC_SUFFIXES = frozenset(
    [
        "css",
        "js",
        "mjs",
        "map",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "avif",
        "svg",
        "ico",
        "bmp",
        "tif",
        "tiff",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        "mp4",
        "webm",
        "mp3",
        "ogg",
        "wav",
        "m4a",
        "pdf",
        "zip",
        "gz",
        "txt",
        "xml",
        "json",
        "rss",
        "atom",
    ]
)


class PatternError(ValueError):
    """`article_url` is not a regex with exactly one capture group."""


def compile_article_url(pattern: str) -> re.Pattern:
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise PatternError(f"article_url {pattern!r} is not a regex: {exc}") from None
    if regex.groups != 1:
        raise PatternError(
            f"article_url {pattern!r} has {regex.groups} capture groups: give exactly one, "
            "the article id (write other groups as (?:...))"
        )
    return regex


def is_static(target: str) -> bool:
    """A file of the page's furniture (stylesheet, script, image, font...), by its suffix."""
    path = target.split("?", 1)[0]
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot + 1 :].lower() in STATIC_SUFFIXES


class Articles:
    """The article id a request's path and query string name, or None."""

    def __init__(self, pattern: str = DEFAULT_ARTICLE_URL, ids: dict[str, str] | None = None):
        self.regex = compile_article_url(pattern)
        self.ids = ids or {}

    def article_id(self, target: str) -> str | None:
        m = self.regex.search(target)
        if m is None or not m[1]:
            return None
        return self.ids.get(m[1], m[1])


def article_rows(path: Path) -> Iterator[dict]:
    """Rows of an article metadata file (CSV or JSON Lines, gzip'd or not), as the ETL takes."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        if ".csv" in path.name.lower():
            yield from csv.DictReader(fh)
            return
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if isinstance(row, dict):
                    yield row


def ids_from_articles(paths: Iterable[Path], pattern: str) -> dict[str, str]:
    """Captured id → article_id, from each article's `url` (the last file's row wins)."""
    regex = compile_article_url(pattern)
    ids: dict[str, str] = {}
    for path in paths:
        for row in article_rows(path):
            m = regex.search(str(row.get("url") or ""))
            if m and row.get("article_id"):
                ids[m[1]] = str(row["article_id"])
    return ids
