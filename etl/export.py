"""Ranking output: the CSV editors open in Excel, the JSON the site's widgets read, the table
`newsdash rank` prints, and `export_all` for the nightly export folder.

The dashboard gets the very same CSV bytes from `ranking_csv(result)`.

The JSON's contract for the site's widgets (README.md, "The ranking JSON"): text fields are
plain text exactly as the metadata gives them, never HTML-escaped; `url` is as given and may
be anything, `url_safe` is the same URL only when it is an absolute http(s) URL with a host
and nothing a browser would reinterpret, else null; and the JSON text escapes < > & U+2028
U+2029 as \\uXXXX, so it can sit inside an HTML <script> block as it is.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from etl.config import Settings
from etl.terminal import json_text, printable
from sql import store
from sql.rankings import (
    COLUMNS,
    RankingError,
    RankingResult,
    compute_ranking,
    cut_to_hour,
    default_as_of,
    get_definition,
    load_definitions,
    parse_as_of,
    parse_limit,
    resolve_section,
    site_zone,
)

__all__ = [  # RankingError is re-exported for the command line
    "CSV_COLUMNS",
    "RankingError",
    "export_all",
    "ranking_csv",
    "ranking_document",
    "ranking_for",
    "ranking_json",
    "ranking_table",
    "render",
    "write_atomic",
]

CSV_COLUMNS = COLUMNS + ["ranking", "window_start", "window_end"]
NUMBER_COLUMNS = {"rank", "views", "readers", "likes", "comments", "shares", "score"}
TIME_COLUMNS = {"published_at", "window_start", "window_end"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel reads the file as UTF-8 (Korean titles) only with it
TITLE_WIDTH, SECTION_WIDTH = 38, 18  # terminal columns; a Hangul syllable takes two
SCAN_CHARS = 4  # fit() reads at most this many characters a column (an escape such as \x1b: 4)
SAFE_SCHEMES = ("http", "https")
MAX_URL = 2048
NUMBER_WIDTHS = {"views": 7, "readers": 7, "likes": 6, "comments": 8, "shares": 6, "score": 8}


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


def ranking_csv(result: RankingResult) -> bytes:
    """UTF-8 with BOM, CRLF rows, RFC 4180 quoting, the brief's columns in the brief's order."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
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


def ranking_json(result: RankingResult) -> bytes:
    """UTF-8 JSON; < > & and line separators escaped (safe inside an HTML <script> block)."""
    return (json_text(ranking_document(result), indent=2, html_safe=True) + "\n").encode("utf-8")


def char_width(c: str) -> int:
    """Terminal columns of one character: Hangul and other wide characters take two."""
    return 0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def fit(text: str, width: int) -> str:
    """Cut to `width` terminal columns (ending in …) and pad to exactly that width.

    One pass over at most SCAN_CHARS * width characters of the text, whatever its length (a
    1M-character title, or one of combining marks that take no column, costs what a short one
    does); the cell is at most that long."""
    head = text[: SCAN_CHARS * width]
    more = len(head) < len(text) and not text[len(head) :].isspace()
    shown = printable(" ".join(head.split()))  # a newline, tab or ESC would break the table
    widths = [char_width(c) for c in shown]
    if not more and sum(widths) <= width:
        return shown + " " * (width - sum(widths))
    kept = used = 0
    for w in widths:
        if used + w > width - 1:
            break
        kept, used = kept + 1, used + w
    return shown[:kept] + "…" + " " * (width - 1 - used)


def _figure(value: Any) -> str:
    value = number(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def ranking_table(result: RankingResult) -> str:
    """Aligned text for a terminal: rank, movement, title, section, counts, score."""
    d = result.definition
    where = f" in {printable(result.section)}" if result.section else ""  # metadata's spelling
    start, end = result.window_start, result.window_end
    lines = [
        f"{d.title} ({d.name}){where}, as of {end:%Y-%m-%d %H:%M %Z}: "
        f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} ({d.window_hours} h)"
    ]
    head = f"{'#':>4}  {'move':<7}  {fit('title', TITLE_WIDTH)}  {fit('section', SECTION_WIDTH)}"
    lines.append(head + "".join(f"  {n:>{w}}" for n, w in NUMBER_WIDTHS.items()))
    for r in result.rows.itertuples(index=False):
        section = r.subsection if isinstance(r.subsection, str) else r.section
        line = f"{r.rank:>4}  {r.movement:<7}  {fit(str(r.title), TITLE_WIDTH)}  "
        line += fit(section if isinstance(section, str) else "", SECTION_WIDTH)
        line += "".join(f"  {_figure(getattr(r, n)):>{w}}" for n, w in NUMBER_WIDTHS.items())
        lines.append(line.rstrip())
    if result.rows.empty:
        lines.append("      (no article has a score in this window)")
    return "\n".join(lines) + "\n"


def render(result: RankingResult, fmt: str) -> bytes:
    if fmt == "csv":
        return ranking_csv(result)
    if fmt == "json":
        return ranking_json(result)
    return ranking_table(result).encode("utf-8")


# --- reading the published database ----------------------------------------------------------


def require_database(db: Path) -> None:
    if not Path(db).exists():
        raise FileNotFoundError(f"no database at {db} yet: run `newsdash etl` first")


def as_of_for(settings: Settings, as_of: datetime | str | None) -> datetime | None:
    """Parse a textual as-of early, so bad input is reported before anything is opened."""
    if isinstance(as_of, str):
        return parse_as_of(as_of, ZoneInfo(settings.site_tz))
    return as_of


def ranking_for(
    settings: Settings,
    name: str,
    as_of: datetime | str | None = None,
    section: str | None = None,
    limit: int | str | None = None,
) -> RankingResult:
    """One ranking from the published database, every input checked (RankingError if bad)."""
    definition = get_definition(settings, name)
    when = as_of_for(settings, as_of)
    rows = parse_limit(limit) if isinstance(limit, str) else limit
    require_database(settings.db)
    with store.reading(settings.db, settings.site_tz) as con:
        return compute_ranking(con, definition, when, resolve_section(con, section), rows)


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


def export_all(
    settings: Settings, out_dir: Path, as_of: datetime | str | None = None
) -> list[Path]:
    """Every ranking as NAME_YYYYMMDDHH.csv and .json (the hour is as_of in site time)."""
    definitions = load_definitions(settings)
    when = as_of_for(settings, as_of)
    require_database(settings.db)
    with store.reading(settings.db, settings.site_tz) as con:
        tz = site_zone(con)
        end = cut_to_hour(when, tz) if when is not None else default_as_of(con, tz)
        results = [compute_ranking(con, d, end) for d in definitions.values()]
    written = []
    for result in results:
        # The name passed NAME_PATTERN when the definition was read: safe as a file name.
        stem = f"{result.ranking}_{result.as_of:%Y%m%d%H}"
        written.append(write_atomic(Path(out_dir) / f"{stem}.csv", ranking_csv(result)))
        written.append(write_atomic(Path(out_dir) / f"{stem}.json", ranking_json(result)))
    return written
