"""The dashboard's attention and box figures (issue 22): cached on the warehouse version like
dashboard/data.py, read through newsdash/sql/attention_queries.py."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from newsdash.dashboard.data import MISSES, Source, _read, _scope, cached
from newsdash.dashboard.filters import Filters
from newsdash.sql import attention_queries as q


def _hours(start: datetime, end: datetime) -> int:
    return max(1, round((end - start).total_seconds() / 3600))


@cached
def article_figures(src: Source, article_id: str, start: datetime, end: datetime) -> dict | None:
    """One article's attention row (newsdash attention's fields) and its scroll reach curve."""
    MISSES["article_attention"] += 1
    _, rows = q.article_attention(src.db, end, _hours(start, end))
    row = rows[rows["article_id"] == article_id]
    if row.empty:
        return None
    reach = q.scroll_reach(src.db, article_id, start, end)
    return {**row.iloc[0].to_dict(), "reach": reach}


@cached
def boxes(src: Source, f: Filters) -> pd.DataFrame:
    MISSES["boxes"] += 1
    start, end = f.window()
    return q.box_figures(src.db, end, _hours(start, end))[1]


@cached
def box_series(src: Source, f: Filters) -> pd.DataFrame:
    MISSES["box_series"] += 1
    start, end = f.window()
    return q.box_series(src.db, end, _hours(start, end))


@cached
def section_engaged(src: Source, f: Filters) -> pd.DataFrame:
    MISSES["section_engaged"] += 1
    return _read(src, "dash/section_engaged", **_scope(f))


@cached
def orphan_engage(src: Source) -> int:
    MISSES["orphan_engage"] += 1
    return q.orphan_engage(src.db)


@cached
def all_views(src: Source, f: Filters) -> int:
    """Counted views in the period, every section and edition: the recirculation rate's
    denominator (boxes are counted for the whole site)."""
    MISSES["all_views"] += 1
    frame = _read(src, "dash/totals", **{**_scope(f), "sections": [], "edition": None})
    return int(frame.loc[frame["event_type"] == "view", "events"].sum())
