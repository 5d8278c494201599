"""Text for an operator's terminal or a journal: text from outside (titles, file names, rejected
records) shown, never obeyed, never a line of its own; and the aligned ranking table
`newsdash rank` prints."""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd

from newsdash.formats import number
from newsdash.rankings import RankingResult
from newsdash.sources import SourcesResult

TITLE_WIDTH, SECTION_WIDTH = 38, 18  # terminal columns; a Hangul syllable takes two
SCAN_CHARS = 4  # fit() reads at most this many characters a column (an escape such as \x1b: 4)
NUMBER_WIDTHS = {"views": 7, "readers": 7, "likes": 6, "comments": 8, "shares": 6, "score": 8}


def printable(text: object) -> str:
    """Control and format characters (ESC, newline, bidi overrides, ...) shown as escapes."""
    return "".join(
        ch
        if ch == " " or unicodedata.category(ch)[0] not in "CZ"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in str(text)
    )


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
    if value is None or value is pd.NA or value != value:  # blank: not known (NaN, NA)
        return "–"
    value = number(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def ranking_table(result: RankingResult) -> str:
    """Aligned text for a terminal: rank, movement, title, section, counts, score."""
    d = result.definition
    where = f" in {printable(result.section)}" if result.section else ""  # metadata's spelling
    where += f", views from {result.source_group}" if result.source_group else ""
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


SOURCE_WIDTHS = {"views": 9, "share": 7, "previous_views": 14, "change": 8}


def _percent(value: Any) -> str:
    return "–" if value is None or value is pd.NA or value != value else f"{value:+.1%}"


def sources_table(result: SourcesResult) -> str:
    """Aligned text for a terminal: rank, group, source name (and campaign), views, share of
    the views, the previous period's views and the change against it."""
    where = f" in {printable(result.section)}" if result.section else ""
    where += f", {result.source_group} only" if result.source_group else ""
    start, end, before = result.window_start, result.window_end, result.previous_start
    lines = [
        f"Views by {result.level}{where}: {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} "
        f"{end:%Z} (previous: from {before:%Y-%m-%d %H:%M})",
        f"{'#':>4}  {fit('group', 12)}  {fit('source', 24)}  {fit('campaign', 20)}"
        + "".join(f"  {n:>{w}}" for n, w in SOURCE_WIDTHS.items()),
    ]
    for r in result.rows.itertuples(index=False):
        texts = (r.source_group, r.source_name, r.campaign)
        group, name, campaign = (t if isinstance(t, str) else "" for t in texts)
        line = f"{r.rank:>4}  {fit(group, 12)}  {fit(name, 24)}  {fit(campaign, 20)}"
        line += f"  {_figure(r.views):>9}  {r.share:>7.1%}  {_figure(r.previous_views):>14}"
        line += f"  {_percent(r.change):>8}"
        lines.append(line.rstrip())
    if result.rows.empty:
        lines.append("      (no counted views in this window)")
    return "\n".join(lines) + "\n"
