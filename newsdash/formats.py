"""Ranking output formats: the CSV editors open in Excel and the JSON the site's widgets read,
and the atomic write both are saved with.

CSV: UTF-8 with a BOM (Excel then reads Korean titles right), RFC 4180 quoting with CRLF rows,
times as ISO-8601 with their offset, numbers written bare, and a text cell a spreadsheet would
run as a formula (it starts with = + - @, tab or carriage return) prefixed with '. The
dashboard's downloads and `newsdash export` write the very same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from newsdash.rankings import COLUMNS, RankingResult

CSV_COLUMNS = COLUMNS + ["ranking", "window_start", "window_end"]
NUMBER_COLUMNS = {"rank", "views", "readers", "likes", "comments", "shares", "score"}
TIME_COLUMNS = {"published_at", "window_start", "window_end"}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel reads the file as UTF-8 (Korean titles) only with it


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


def ranking_document(result: RankingResult) -> dict[str, Any]:
    return {
        "ranking": result.ranking,
        "as_of": iso(result.as_of),
        "window_start": iso(result.window_start),
        "window_end": iso(result.window_end),
        "rows": records(result),
    }


def ranking_json(result: RankingResult) -> bytes:
    text = json.dumps(ranking_document(result), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


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
