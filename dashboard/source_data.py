"""The Sources page's data (issue 17): cached frames from the sources rollup, keyed on the
published warehouse's version like every other getter (dashboard/data.py)."""

from __future__ import annotations

import pandas as pd

from newsdash.dashboard.data import MISSES, Source, _read, _scope, cached, reading
from newsdash.dashboard.filters import Filters
from newsdash.sql.source_queries import article_sources, source_totals


@cached
def totals(src: Source, f: Filters) -> pd.DataFrame:
    """source_group, source_name, campaign, views (the period), previous_views (the period of
    the same length just before), for the chosen sections."""
    MISSES["source_totals"] += 1
    scope = _scope(f)
    with reading(src) as con:
        return source_totals(
            con, scope["start"], scope["end"], scope["sections"], edition=scope["edition"]
        )


@cached
def over_time(src: Source, f: Filters) -> pd.DataFrame:
    """bucket, source_group, views."""
    MISSES["source_over_time"] += 1
    return _read(src, "sources/over_time", **_scope(f))


@cached
def by_section(src: Source, f: Filters) -> pd.DataFrame:
    """section (parent), source_group, views."""
    MISSES["source_by_section"] += 1
    return _read(src, "sources/by_section", **_scope(f))


@cached
def of_article(src: Source, article_id: str) -> pd.DataFrame:
    """One article's source_group, source_name, views, all time."""
    MISSES["article_sources"] += 1
    with src.db.reading() as con:
        return article_sources(con, article_id)
