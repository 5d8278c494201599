"""Ranking output formats: the CSV editors open in Excel and the JSON the site's widgets read,
and the atomic write both are saved with.

CSV: UTF-8 with a BOM (Excel then reads Korean titles right), RFC 4180 quoting with CRLF rows,
times as ISO-8601 with their offset, numbers written bare, and a text cell a spreadsheet would
run as a formula (it starts with = + - @, tab or carriage return) prefixed with '. The
dashboard's downloads and `newsdash export` write the very same bytes.

The JSON's contract for the site's widgets (README.md, "The ranking JSON"): text fields are
plain text exactly as the metadata gives them, never HTML-escaped; `url` is as given and may
be anything, `url_safe` is the same URL only when it is an absolute http(s) URL with a host
and nothing a browser would reinterpret, else null; and the JSON text escapes < > & U+2028
U+2029 as \\uXXXX, so it can sit inside an HTML <script> block as it is.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from newsdash.rankings import COLUMNS, RankingResult
from newsdash.sources import COLUMNS as SOURCE_COLUMNS
from newsdash.sources import SourcesResult

CSV_COLUMNS = COLUMNS + ["ranking", "window_start", "window_end"]
NUMBER_COLUMNS = {"rank", "views", "readers", "likes", "comments", "shares", "score"}
TIME_COLUMNS = {"published_at", "window_start", "window_end"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel reads the file as UTF-8 (Korean titles) only with it
SAFE_SCHEMES = ("http", "https")
MAX_URL = 2048
# What json.dumps(ensure_ascii=False) leaves raw although a terminal or a JavaScript parser may
# act on it: DEL and C1 controls (U+009B is a CSI), line and paragraph separators, bidi
# controls, and lone surrogates (an undecodable byte of a file name).
JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# < > & can only stand inside JSON strings, where \u003c means the same character.
HTML_UNSAFE = re.compile(f"[<>&]|{JSON_UNSAFE.pattern}")


# --- values ----------------------------------------------------------------------------------


def iso(value: Any) -> str | None:
    """A time as ISO-8601 with its offset (the frames carry site time already)."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).isoformat()


def number(value: Any) -> int | float:
    """Whole scores as integers (Excel shows 120, not 120.0); others as they are."""
    value = float(value)
    return int(value) if value.is_integer() else round(value, 6)


def plain(value: Any, column: str) -> Any:
    if column in TIME_COLUMNS:
        return iso(value)
    if value is None or pd.isna(value):
        return None
    if column in NUMBER_COLUMNS:
        return number(value)
    return str(value)


def records(result: RankingResult) -> list[dict[str, Any]]:
    """The per-article rows as plain Python values (ints, floats, strings, None)."""
    frame = result.rows[COLUMNS].astype(object)
    return [
        {column: plain(value, column) for column, value in zip(COLUMNS, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def defuse(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any, column: str) -> Any:
    """Text cells defused; numbers written bare so spreadsheets read them as numbers."""
    if value is None:
        return ""
    if column in NUMBER_COLUMNS:
        return value
    return defuse(value)


# --- formats ---------------------------------------------------------------------------------


def ranking_csv(result: RankingResult, header: dict[str, str] | None = None) -> bytes:
    """UTF-8 with BOM, CRLF rows, RFC 4180 quoting, the brief's columns in the brief's order.
    `header`: other names for the header row (the dashboard's Korean header, an option of the
    download); by default, and for the site's widgets, the machine names."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([defuse((header or {}).get(c, c)) for c in CSV_COLUMNS])
    extra = {
        "ranking": result.ranking,
        "window_start": iso(result.window_start),
        "window_end": iso(result.window_end),
    }
    for record in records(result):
        record.update(extra)
        writer.writerow([csv_cell(record[column], column) for column in CSV_COLUMNS])
    return (BOM + buffer.getvalue()).encode("utf-8")


def safe_url(url: Any) -> str | None:
    """The URL when a link to it can only open a web page: an absolute http(s) URL with a host,
    at most MAX_URL characters, without credentials, backslashes, spaces, control or
    formatting characters (a browser drops a tab inside "java\tscript:"); else None."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL or "\\" in url:
        return None
    if any(unicodedata.category(c)[0] in "CZ" for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed IPv6 host or port
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not host or "@" in parts.netloc:
        return None
    return url


def widget_row(record: dict[str, Any]) -> dict[str, Any]:
    """A JSON row: the CSV's per-article columns, and url_safe right after url."""
    row: dict[str, Any] = {}
    for column, value in record.items():
        row[column] = value
        if column == "url":
            row["url_safe"] = safe_url(value)
    return row


def ranking_document(result: RankingResult) -> dict[str, Any]:
    return {
        "ranking": result.ranking,
        "as_of": iso(result.as_of),
        "window_start": iso(result.window_start),
        "window_end": iso(result.window_end),
        "rows": [widget_row(record) for record in records(result)],
    }


def json_text(value: Any, *, html_safe: bool = False, **options: Any) -> str:
    """JSON with Korean text as it is and every character of JSON_UNSAFE as a \\uXXXX escape
    (the same string to any JSON reader; json.dumps already escapes U+0000-U+001F). With
    `html_safe`, < > & too: the text can be put inside an HTML <script> block as it is, and
    no "</script>" in a value ends it."""
    text = json.dumps(value, ensure_ascii=False, **options)
    unsafe = HTML_UNSAFE if html_safe else JSON_UNSAFE
    return unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def ranking_json(result: RankingResult) -> bytes:
    """UTF-8 JSON; < > & and line separators escaped (safe inside an HTML <script> block)."""
    return (json_text(ranking_document(result), indent=2, html_safe=True) + "\n").encode("utf-8")


_NOT_NAME = re.compile(r"[^\w]+")


def _name_part(value: str) -> str:
    """A reporter's name or a tag as part of a file name: letters and digits (Hangul too), the
    rest one '-' (no '/', no '.', nothing a shell or a spreadsheet reads)."""
    return _NOT_NAME.sub("-", unicodedata.normalize("NFC", value)).strip("-_").lower() or "-"


def export_stem(result: RankingResult) -> str:
    """NAME[_from_GROUP][_edition_E][_author_A][_tag_T]_YYYYMMDDHH: the name, without suffix, of a
    ranking's CSV and JSON (`newsdash export`, the dashboard's download). A filtered ranking
    never takes the unfiltered one's name: the site's widgets read that file."""
    only = result.only
    parts = [result.ranking]
    if result.source_group:
        parts.append(f"from_{result.source_group}")
    for kind in ("edition", "author", "tag"):
        value = getattr(only, kind) if only else None
        if value is not None:
            parts.append(f"{kind}_{_name_part(value)}")
    return "_".join(parts) + f"_{result.as_of:%Y%m%d%H}"


def write_atomic(path: Path, data: bytes) -> Path:
    """Readers (the site's widgets) never see half a file: write a temp file, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- traffic sources (issue 17) --------------------------------------------------------------

SOURCE_CSV_COLUMNS = SOURCE_COLUMNS + ["level", "section", "source_filter", "window_start",
                                       "window_end", "previous_start"]  # fmt: skip
SOURCE_NUMBERS = {"rank", "views", "share", "previous_views", "change"}


def source_records(result: SourcesResult) -> list[dict[str, Any]]:
    """The sources table's rows as plain values; share and change as fractions (0.25 = 25%)."""
    frame = result.rows[SOURCE_COLUMNS].astype(object)
    found = []
    for row in frame.itertuples(index=False, name=None):
        found.append({
            column: None if value is None or pd.isna(value)
            else number(value) if column in SOURCE_NUMBERS else str(value)
            for column, value in zip(SOURCE_COLUMNS, row, strict=True)
        })  # fmt: skip
    return found


def _source_window(result: SourcesResult) -> dict[str, Any]:
    return {
        "level": result.level,
        "section": result.section,
        "source_filter": result.source_group,
        "window_start": iso(result.window_start),
        "window_end": iso(result.window_end),
        "previous_start": iso(result.previous_start),
    }


def sources_csv(result: SourcesResult) -> bytes:
    """The ranking CSV's rules: UTF-8 with BOM, CRLF, RFC 4180, numbers bare, formulas defused
    (a source name or campaign comes from outside: utm_source=%3DHYPERLINK(...) is text)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(SOURCE_CSV_COLUMNS)
    extra = _source_window(result)
    for record in source_records(result):
        record.update(extra)
        cells = []
        for column in SOURCE_CSV_COLUMNS:
            value = record[column]
            cells.append("" if value is None else value if column in SOURCE_NUMBERS
                         else defuse(str(value)))  # fmt: skip
        writer.writerow(cells)
    return (BOM + buffer.getvalue()).encode("utf-8")


def sources_json(result: SourcesResult) -> bytes:
    """One object: the window's fields and `rows` (the CSV's per-source columns)."""
    document = {**_source_window(result), "rows": source_records(result)}
    return (json_text(document, indent=2, html_safe=True) + "\n").encode("utf-8")
