"""Text for an operator's terminal: text from outside (titles, rejected records) made safe to
print, and the aligned ranking table `newsdash rank` prints."""

from __future__ import annotations

import unicodedata
from typing import Any

from newsdash.formats import number
from newsdash.rankings import RankingResult

TITLE_WIDTH, SECTION_WIDTH = 38, 18  # terminal columns; a Hangul syllable takes two
NUMBER_WIDTHS = {"views": 7, "readers": 7, "likes": 6, "comments": 8, "shares": 6, "score": 8}


def printable(text: object) -> str:
    """Control and format characters (ESC, bidi overrides, ...) shown as escapes, not obeyed."""
    return "".join(
        ch
        if ch == " " or unicodedata.category(ch)[0] not in "CZ"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in str(text)
    )


def display_width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def fit(text: str, width: int) -> str:
    """Cut to `width` terminal columns (ending in …) and pad to exactly that width."""
    text = printable(" ".join(text.split()))  # a newline, tab or ESC would break the table
    if display_width(text) > width:
        while display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


def _figure(value: Any) -> str:
    value = number(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def ranking_table(result: RankingResult) -> str:
    """Aligned text for a terminal: rank, movement, title, section, counts, score."""
    d = result.definition
    where = f" in {result.section}" if result.section else ""
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
