"""The one CSV writer behind every table download of the dashboard.

It follows the ranking export's rules (newsdash/formats.py): UTF-8 with a BOM so Excel opens Korean
titles right, RFC 4180 quoting with CRLF rows, times as ISO-8601 with their offset, numbers
written bare, and a text cell that a spreadsheet would run as a formula (it starts with
= + - @, tab or carriage return) prefixed with ' by the export's own `defuse`.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from numbers import Number
from typing import Any

import numpy as np
import pandas as pd

from newsdash.formats import BOM, defuse


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values: not missing
        return False


def cell(value: Any) -> Any:
    """One CSV cell: numbers stay numbers, times become ISO-8601, any other value is text."""
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return str(value).lower()
    if isinstance(value, Number):
        return value
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    return defuse(str(value))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame's rows exactly, as the CSV file an editor downloads."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([defuse(str(column)) for column in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([cell(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
