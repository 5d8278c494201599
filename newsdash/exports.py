"""Rankings out of the published warehouse: one for `newsdash rank`, every one for `newsdash
export` and the nightly export folder (`NAME_YYYYMMDDHH.csv` and `.json`); and the reporters'
and tags' tables of `newsdash authors` and `newsdash tags` (issue 23): a terminal table, CSV (the
ranking CSV's conventions) or JSON (`{"dimension", "as_of", "window_start", "window_end",
"edition", "rows": [...]}`, each row `author` or `tag`, then articles, views, readers, likes,
comments, shares, views_before). Column names stay machine names in any dashboard language.

The formats are newsdash/formats.py (CSV, JSON) and newsdash/terminal.py (the table); the
dashboard offers the very same CSV bytes for download.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from newsdash.formats import (
    BOM,
    csv_cell,
    export_stem,
    iso,
    json_text,
    ranking_csv,
    ranking_json,
    sources_csv,
    sources_json,
    write_atomic,
)
from newsdash.newsroom import DimensionFilter
from newsdash.rankings import RankingError, RankingResult, parse_as_of, parse_limit
from newsdash.settings import Settings
from newsdash.sources import LEVELS, SourcesError, SourcesResult, parse_group
from newsdash.sql.attention_queries import (
    ATTENTION_COLUMNS,
    WIDGET_COLUMNS,
    Window,
    article_attention,
    box_figures,
)
from newsdash.sql.dimensions import TOTAL_COLUMNS, dimension_totals
from newsdash.sql.ranking_queries import compute_rankings, resolve_section
from newsdash.sql.source_queries import compute_sources
from newsdash.sql.store import published
from newsdash.terminal import fit, printable, ranking_table, sources_table

__all__ = [
    "RankingError",
    "export_all",
    "ranking_for",
    "render",
    "render_sources",
    "sources_for",
]  # RankingError: for the CLI


def require_database(db: Path) -> None:
    if not Path(db).exists():
        raise FileNotFoundError(f"no database at {db} yet: run `newsdash etl` first")


def as_of_for(settings: Settings, as_of: datetime | str | None) -> datetime | None:
    """Parse a textual as-of early, so bad input is reported before anything is opened."""
    if isinstance(as_of, str):
        return parse_as_of(as_of, settings.zone)
    return as_of


def ranking_for(
    settings: Settings,
    name: str,
    as_of: datetime | str | None = None,
    section: str | None = None,
    limit: int | str | None = None,
    source_group: str | None = None,
    only: DimensionFilter | None = None,
) -> RankingResult:
    """One ranking from the published database, every input checked (RankingError if bad);
    `only`: the articles of a reporter, a tag and/or an edition."""
    definition = settings.ranking(name)
    group = parse_group(source_group)
    when = as_of_for(settings, as_of)
    rows = parse_limit(limit) if isinstance(limit, str) else limit
    require_database(settings.db)
    db = published(settings)
    found = compute_rankings(
        db,
        [definition],
        when,
        resolve_section(db, section),
        rows,
        group,
        only,
        settings.newsroom,
    )
    return found[0]


def render(result: RankingResult, fmt: str) -> bytes:
    """`newsdash rank --format`: csv, json, or the terminal table."""
    if fmt == "csv":
        return ranking_csv(result)
    if fmt == "json":
        return ranking_json(result)
    return ranking_table(result).encode("utf-8")


def export_all(
    settings: Settings,
    out_dir: Path,
    as_of: datetime | str | None = None,
    only: DimensionFilter | None = None,
) -> list[Path]:
    """Every ranking as NAME_YYYYMMDDHH.csv and .json (the hour is as_of in site time); with
    `only` (a reporter, a tag, an edition) restricted as `newsdash rank` restricts it, and
    named NAME_edition_E_author_A_tag_T_YYYYMMDDHH (formats.export_stem)."""
    when = as_of_for(settings, as_of)
    require_database(settings.db)
    results = compute_rankings(
        published(settings), list(settings.rankings), when, only=only or None,
        newsroom=settings.newsroom,
    )  # fmt: skip
    written = []
    for result in results:
        # The name passed NAME_PATTERN when the definition was read; export_stem makes the
        # reporter's or tag's part safe: a file name.
        stem = export_stem(result)
        written.append(write_atomic(Path(out_dir) / f"{stem}.csv", ranking_csv(result)))
        written.append(write_atomic(Path(out_dir) / f"{stem}.json", ranking_json(result)))
    return written


MAX_DAYS = 3660


def sources_for(
    settings: Settings,
    level: str = "source",
    as_of: datetime | str | None = None,
    days: int = 7,
    section: str | None = None,
    source_group: str | None = None,
    limit: int | str | None = None,
) -> SourcesResult:
    """The views per source group, source or campaign of the `days` before as_of, every input
    checked (SourcesError, a RankingError, if bad)."""
    if level not in LEVELS:
        raise SourcesError(f"unknown level {level!r}: choose one of {', '.join(LEVELS)}")
    if not 1 <= days <= MAX_DAYS:
        raise SourcesError(f"--days {days}: give a number of days from 1 to {MAX_DAYS}")
    group = parse_group(source_group)
    when = as_of_for(settings, as_of)
    rows = parse_limit(limit) if isinstance(limit, str) else limit
    require_database(settings.db)
    db = published(settings)
    where = resolve_section(db, section)
    shown = None if rows == "all" else rows
    return compute_sources(db, level, when, days, where, group, shown)


def render_sources(result: SourcesResult, fmt: str) -> bytes:
    """`newsdash sources --format`: csv, json, or the terminal table."""
    if fmt == "csv":
        return sources_csv(result)
    if fmt == "json":
        return sources_json(result)
    return sources_table(result).encode("utf-8")


def attention_report(
    settings: Settings, as_of: str | None, hours: int, section: str | None
) -> dict[str, Any]:
    """`newsdash attention`: {as_of, window_start, window_end, rows} (README "Attention and
    boxes"); every input checked first (RankingError if bad)."""
    when = as_of_for(settings, as_of)
    require_database(settings.db)
    db = published(settings)
    span, rows = article_attention(db, when, hours, resolve_section(db, section))
    return report(span, rows[ATTENTION_COLUMNS])


def widgets_report(settings: Settings, as_of: str | None, hours: int) -> dict[str, Any]:
    """`newsdash widgets`: {as_of, window_start, window_end, rows} per box and position."""
    when = as_of_for(settings, as_of)
    require_database(settings.db)
    span, rows = box_figures(published(settings), when, hours)
    return report(span, rows[WIDGET_COLUMNS])


def report(span: Window, rows: pd.DataFrame) -> dict[str, Any]:
    records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    return {"as_of": span.end.isoformat(), "window_start": span.start.isoformat(),
            "window_end": span.end.isoformat(), "rows": records}  # fmt: skip


# --- reporters and tags ----------------------------------------------------------------------

NAME_WIDTH = 30
ROW_COLUMNS = TOTAL_COLUMNS + ["views_before"]


@dataclass(frozen=True)
class DimensionReport:
    dimension: str  # author | tag | edition
    window_start: datetime
    window_end: datetime
    edition: str | None
    rows: pd.DataFrame  # key, name, TOTAL_COLUMNS, views_before, views_change

    def records(self) -> list[dict]:
        return [
            {self.dimension: r["name"], **{c: int(r[c]) for c in ROW_COLUMNS}}
            for r in self.rows.to_dict("records")
        ]


def dimension_report(
    settings: Settings,
    dimension: str,
    as_of: datetime | str | None = None,
    days: int = 7,
    edition: str | None = None,
) -> DimensionReport:
    """The report from the published database; RankingError for a bad edition."""
    when = as_of_for(settings, as_of)
    require_database(settings.db)
    end, rows = dimension_totals(
        published(settings), settings.newsroom, dimension, when, days, edition
    )
    code = edition.strip().lower() if edition and edition.strip() else None
    return DimensionReport(dimension, end - timedelta(days=days), end, code, rows)


def report_json(report: DimensionReport) -> bytes:
    document = {
        "dimension": report.dimension,
        "as_of": iso(report.window_end),
        "window_start": iso(report.window_start),
        "window_end": iso(report.window_end),
        "edition": report.edition,
        "rows": report.records(),
    }
    return (json_text(document, indent=2, html_safe=True) + "\n").encode("utf-8")


def report_csv(report: DimensionReport) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = [report.dimension, *ROW_COLUMNS]
    writer.writerow(columns)
    for record in report.records():
        writer.writerow([record[report.dimension] and csv_cell(record[report.dimension], "")]
                        + [record[c] for c in ROW_COLUMNS])  # fmt: skip
    return (BOM + buffer.getvalue()).encode("utf-8")


def report_table(report: DimensionReport) -> str:
    start, end = report.window_start, report.window_end
    edition = f", edition {report.edition}" if report.edition else ""
    lines = [f"{report.dimension}s, {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}{edition}"]
    lines.append(fit(report.dimension, NAME_WIDTH) + "".join(f"  {c:>9}" for c in ROW_COLUMNS))
    for record in report.records():
        line = fit(printable(record[report.dimension]), NAME_WIDTH)
        lines.append(line + "".join(f"  {record[c]:>9,}" for c in ROW_COLUMNS))
    if report.rows.empty:
        lines.append(f"(no {report.dimension} has counted events in this window)")
    return "\n".join(lines) + "\n"


def render_report(report: DimensionReport, fmt: str) -> bytes:
    if fmt == "json":
        return report_json(report)
    if fmt == "csv":
        return report_csv(report)
    return report_table(report).encode("utf-8")
