"""The Reporters and Tags pages' data (issue 23), from newsdash/sql/dimensions.py, cached on the
warehouse's version like every other frame. The sidebar's dates are the window; the change is
against the same number of days before it."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from newsdash.dashboard import data
from newsdash.dashboard.data import Source
from newsdash.settings import Settings
from newsdash.sql import dimensions


@data.cached
def totals(
    src: Source, settings: Settings, dimension: str, end: datetime, days: int, edition: str | None
) -> pd.DataFrame:
    data.MISSES[f"{dimension}_totals"] += 1
    _, frame = dimensions.dimension_totals(src.db, settings.newsroom, dimension, end, days, edition)
    return frame


@data.cached
def member(
    src: Source,
    settings: Settings,
    dimension: str,
    key: str,
    start: datetime,
    end: datetime,
    edition: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One reporter's or tag's articles of the window and their views per day."""
    data.MISSES[f"{dimension}_member"] += 1
    return dimensions.member_frames(src.db, settings.newsroom, dimension, key, start, end, edition)


@data.cached
def translations(src: Source, settings: Settings, article_id: str) -> pd.DataFrame:
    data.MISSES["translations"] += 1
    return dimensions.translations(src.db, settings.newsroom, article_id)


def counted(values: pd.Series) -> pd.DataFrame:
    """How often each name occurs in a column of lists (a reporter's sections, tags,
    co-authors), most first."""
    flat = values.explode().dropna()
    found = flat.value_counts().rename_axis("name").reset_index(name="articles")
    return found.sort_values(["articles", "name"], ascending=[False, True], ignore_index=True)
