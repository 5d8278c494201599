"""The dashboard's data: cached frames from the published warehouse, keyed on its version.

The version is the published file's identity (inode, size, modification time), read with one
`stat` and no lock. The ETL publishes by renaming a new file over the old one, so a finished
run changes the version and the next click recomputes; an unchanged click is a cache hit.
Every getter opens the file read-only for the length of its queries (`Database.reading`) and
never keeps a connection between reruns. (A publish between the `stat` and the read caches
new data under the old version: harmless, the next click has the new version anyway.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from newsdash.dashboard.filters import Bounds, Filters
from newsdash.dashboard.palette import EVENT_TYPES, ordered_sections
from newsdash.dashboard.text import private_record
from newsdash.newsroom import Newsroom
from newsdash.settings import RisingRule, Settings
from newsdash.sql import dimensions, store
from newsdash.sql.ranking_queries import session_key_range

# Cache misses per getter: tests check that an unchanged rerun computes nothing.
MISSES: Counter[str] = Counter()
cached = st.cache_data(max_entries=200, show_spinner=False)
KPI_METRICS = ("views", "readers", "likes", "comments", "shares")


@dataclass(frozen=True)
class Source:
    """The published warehouse as of one version: what every cached getter is keyed on."""

    db: store.Database
    version: str | None  # None: nothing published yet
    newsroom: Newsroom = Newsroom()  # which edition an article is of ([newsroom] in the config)


def source(settings: Settings) -> Source:
    db = store.published(settings)
    return Source(db, db.version(), settings.newsroom)


@contextmanager
def reading(src: Source) -> Iterator[store.Connection]:
    """A short-lived read-only connection on which every article has its edition (the temp
    table article_edition), so a query can keep the sidebar's edition ($edition)."""
    with src.db.reading() as con:
        dimensions.prepare_editions(con, src.newsroom)
        yield con


def _read(src: Source, name: str, **params: Any) -> pd.DataFrame:
    with reading(src) as con:
        return store.frame(con, name, **params)


def _reads(src: Source, *queries: tuple[str, dict[str, Any]]) -> list[pd.DataFrame]:
    """Several queries on one short-lived connection."""
    with reading(src) as con:
        return [store.frame(con, name, **params) for name, params in queries]


def _scope(f: Filters, shift_days: int = 0) -> dict[str, Any]:
    """The sidebar's filters as query parameters: the period, sections, grain and edition."""
    start, end = f.window(shift_days)
    return {"start": start, "end": end, "sections": list(f.sections), "grain": f.grain,
            "edition": f.edition}  # fmt: skip


@cached
def bounds(src: Source) -> Bounds | None:
    """The span of counted traffic, or None when nothing has been counted yet."""
    MISSES["bounds"] += 1
    row = _read(src, "dash/bounds").iloc[0]
    if not row["rollup_rows"]:
        return None
    return Bounds(
        row["first_hour"].date(), row["last_hour"].date(), row["last_hour"].to_pydatetime()
    )


@cached
def section_options(src: Source) -> list[str]:
    """Sections in menu order, each followed by its subsections: the filter's choices."""
    MISSES["section_options"] += 1
    frame = _read(src, "dash/section_list")
    options = []
    for parent in ordered_sections(frame["section"].unique()):
        options.append(parent)
        subs = frame.loc[(frame["section"] == parent) & frame["subsection"].notna(), "subsection"]
        options.extend(ordered_sections(subs.unique()))
    return options


def comparison_shifts(f: Filters, bounds: Bounds) -> dict[str, list[int]]:
    """Day shifts of the comparison windows that lie inside the loaded data.

    'previous' is the period of the same length just before; 'weeks' are the same weekdays
    1-4 weeks back. A window reaching before the data would compare with zeros, so it is
    left out (and an empty list reads as "no history").
    """

    def inside(shift: int) -> bool:
        return f.first + timedelta(days=shift) >= bounds.first_day

    return {
        "previous": [s for s in [-f.days] if inside(s)],
        "weeks": [s for s in (-7, -14, -21, -28) if inside(s)],
    }


def _window_readers(con: store.Connection, scope: dict[str, Any]) -> int:
    """Distinct readers of a period: every article's from the daily rollup when the period is
    whole days as stored, else (chosen sections or edition, or days cut in another zone) the
    triples."""
    if not scope["sections"] and scope["edition"] is None:
        readers, whole_days = store.rows(con, "dash/readers", **scope)[0]
        if whole_days:
            return int(readers)
    return int(store.scalar(con, "dash/readers_in_sections", **scope))


def _window_totals(con: store.Connection, f: Filters, shift: int) -> dict[str, int]:
    scope = _scope(f, shift)
    totals = dict(store.rows(con, "dash/totals", **scope))
    result = {f"{t}s": int(totals.get(t, 0)) for t in EVENT_TYPES}
    result["readers"] = _window_readers(con, scope)
    return result


def _change(current: float, baseline: float | None) -> float | None:
    if baseline is None or baseline == 0:
        return None
    return current / baseline - 1


@cached
def kpis(src: Source, f: Filters, bounds: Bounds) -> pd.DataFrame:
    """One row per metric: the period's value, the previous period's, the average of the same
    weekdays 1-4 weeks back, and the changes against both (None: no history to compare)."""
    MISSES["kpis"] += 1
    shifts = comparison_shifts(f, bounds)
    wanted = sorted({0, *shifts["previous"], *shifts["weeks"]})  # e.g. -7 is both for 7 days
    with reading(src) as con:
        totals = {shift: _window_totals(con, f, shift) for shift in wanted}
    current = totals[0]
    previous = [totals[s] for s in shifts["previous"]]
    weeks = [totals[s] for s in shifts["weeks"]]
    rows = []
    for metric in KPI_METRICS:
        prev = previous[0][metric] if previous else None
        avg = sum(w[metric] for w in weeks) / len(weeks) if weeks else None
        rows.append({
            "metric": metric, "value": current[metric], "previous_period": prev,
            "same_weekdays_avg": avg, "change_vs_previous": _change(current[metric], prev),
            "change_vs_weeks": _change(current[metric], avg), "weeks_compared": len(weeks),
        })  # fmt: skip
    return pd.DataFrame(rows)


@cached
def traffic(src: Source, f: Filters) -> pd.DataFrame:
    """bucket, section, subsection, event_type, events for the period."""
    MISSES["traffic"] += 1
    return _read(src, "dash/traffic", **_scope(f))


@cached
def section_readers(src: Source, f: Filters) -> pd.DataFrame:
    MISSES["section_readers"] += 1
    with reading(src) as con:
        span = session_key_range(con)
        return store.frame(con, "dash/section_readers", **_scope(f), **span)


@cached
def heatmap(src: Source, f: Filters) -> pd.DataFrame:
    """weekday (1 = Monday), hour_of_day, views, avg_views (per occurrence of that weekday)."""
    MISSES["heatmap"] += 1
    frame = _read(src, "dash/heatmap", **_scope(f))
    days = pd.date_range(f.first, f.last, freq="D")
    occurrences = pd.Series(days.isocalendar().day.value_counts()).to_dict()
    frame["avg_views"] = frame["views"] / frame["weekday"].map(occurrences).fillna(1)
    return frame


@cached
def content_age(src: Source, f: Filters) -> pd.DataFrame:
    MISSES["content_age"] += 1
    return _read(src, "dash/content_age", **_scope(f))


@cached
def top_articles(src: Source, f: Filters, limit: int = 20) -> pd.DataFrame:
    MISSES["top_articles"] += 1
    return _read(src, "dash/top_articles", **_scope(f), limit=limit)


@cached
def rising(src: Source, f: Filters, as_of: datetime, rule: RisingRule) -> pd.DataFrame:
    """Articles whose last `recent_hours` run far above their usual pace (see rising.sql)."""
    MISSES["rising"] += 1
    recent_start = as_of - timedelta(hours=rule.recent_hours)
    return _read(
        src, "dash/rising", as_of=as_of, recent_start=recent_start,
        baseline_start=recent_start - timedelta(days=rule.baseline_days),
        baseline_days=rule.baseline_days, min_views=rule.min_views, min_lift=rule.min_lift,
        limit=rule.limit, sections=list(f.sections), edition=f.edition,
    )  # fmt: skip


@cached
def channels(src: Source, f: Filters) -> pd.DataFrame:
    """bucket, section, channel, shares for the period."""
    MISSES["channels"] += 1
    return _read(src, "dash/channels", **_scope(f))


@cached
def top_shared(src: Source, f: Filters, limit: int = 10) -> pd.DataFrame:
    MISSES["top_shared"] += 1
    return _read(src, "dash/top_shared", **_scope(f), limit=limit)


@cached
def search_articles(src: Source, text: str, limit: int = 50) -> pd.DataFrame:
    MISSES["search_articles"] += 1
    return _read(src, "dash/article_search", q=text, limit=limit)


@dataclass
class ArticleData:
    info: dict[str, Any]
    series: pd.DataFrame
    channels: pd.DataFrame
    readers: int


@cached
def article(src: Source, article_id: str, grain: str) -> ArticleData:
    MISSES["article"] += 1
    params = {"article_id": article_id, "grain": grain}
    info, series, shares, readers = _reads(
        src, ("dash/article_info", params), ("dash/article_series", params),
        ("dash/article_channels", params), ("dash/article_readers", params),
    )  # fmt: skip
    return ArticleData(info.iloc[0].to_dict(), series, shares, int(readers.iloc[0, 0]))


@dataclass
class Health:
    freshness: dict[str, Any]
    totals: dict[str, Any]
    runs: pd.DataFrame
    files: pd.DataFrame
    failed_files: pd.DataFrame
    rejected: pd.DataFrame
    examples: pd.DataFrame
    bot_share: pd.DataFrame


@cached
def health(src: Source, start: datetime, end: datetime) -> Health:
    MISSES["health"] += 1
    window = {"start": start, "end": end}
    frames = _reads(
        src, ("dash/freshness", {}), ("status/totals", {}), ("dash/runs", {"limit": 30}),
        ("dash/files", {"limit": 100}), ("dash/failed_files", {}), ("dash/rejected_summary", {}),
        ("dash/rejected_examples", {"per_reason": 5}), ("dash/bot_share", window),
    )  # fmt: skip
    fresh, totals, runs, files, failed, rejected, examples, bots = frames
    # Session ids are pseudonymous, yet never shown in full (SECURITY.md).
    examples = examples.assign(raw=examples["raw"].map(private_record))
    return Health(fresh.iloc[0].to_dict(), totals.iloc[0].to_dict(), runs, files, failed,
                  rejected, examples, bots)  # fmt: skip
