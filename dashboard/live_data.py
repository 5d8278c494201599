"""The Live page's data: the last minutes from the minute rollup (`minutely`), Hot Issue as of
now from the hourly rollup, and the data's age from the ledger. Never raw events.

"Now" is the one clock (`newsdash.clock.now()`). The windows end at the end of the current
minute, so the minute in progress counts; they are cached on the published file's version and
that minute, so a page refreshing every few seconds reads the warehouse once per new version or
minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from newsdash.dashboard import data
from newsdash.dashboard.data import Source
from newsdash.newsroom import DimensionFilter
from newsdash.rankings import RankingResult, hour_after
from newsdash.settings import Settings
from newsdash.sql import store
from newsdash.sql.ranking_queries import rankings_on

RECENT = timedelta(minutes=30)  # views per minute, the articles read most
SHARES = timedelta(hours=1)  # share channels
TOP_ARTICLES = 10
HOT_ISSUE = "hot_now"  # the ranking shown as Hot Issue ([rankings.hot_now])


@dataclass(frozen=True)
class Windows:
    """The spans the Live page shows as of one minute's end."""

    end: datetime  # the end of the current minute (exclusive)

    @property
    def recent_start(self) -> datetime:
        return self.end - RECENT

    @property
    def shares_start(self) -> datetime:
        return self.end - SHARES


def windows(now: datetime) -> Windows:
    """As of `now`: up to the end of its minute (minutes are absolute, the same in every zone)."""
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    return Windows(minute + timedelta(minutes=1))


@dataclass
class LiveData:
    per_minute: pd.DataFrame  # minute, views (every minute of the last 30)
    totals: dict[str, int]  # views, likes, comments, shares in the last 30 minutes
    top: pd.DataFrame  # title, section, views, likes, comments, shares, article_id
    channels: pd.DataFrame  # channel (code), shares in the last hour
    freshness: dict[str, Any]  # last_event, last_run_at, last_run_status, last_minute
    hot: RankingResult | None  # None: no hot_now ranking configured


def hot_definition(settings: Settings):
    return next((d for d in settings.rankings if d.name == HOT_ISSUE), None)


@data.cached
def live(src: Source, settings: Settings, span: Windows, edition: str | None = None) -> LiveData:
    """Every figure of the Live page, read on one short-lived connection; `edition` keeps that
    edition's articles (None: all)."""
    data.MISSES["live"] += 1
    recent = {"start": span.recent_start, "end": span.end, "edition": edition}
    with data.reading(src) as con:
        per_minute = store.frame(con, "live/views_per_minute", **recent)
        totals = store.frame(con, "live/totals", **recent).iloc[0]
        top = store.frame(con, "live/top_articles", **recent, limit=TOP_ARTICLES)
        channels = store.frame(
            con, "live/channels", start=span.shares_start, end=span.end, edition=edition
        )
        freshness = store.frame(con, "live/freshness").iloc[0].to_dict()
        definition = hot_definition(settings)
        hot = None
        if definition is not None:  # the hour in progress included: its end is the as-of hour
            as_of = hour_after(span.end - timedelta(minutes=1), span.end, src.db.zone)
            only = DimensionFilter(edition=edition) if edition else None
            hot = rankings_on(con, src.db, [definition], as_of, only=only,
                              newsroom=settings.newsroom)[0]  # fmt: skip
    return LiveData(
        per_minute, {k: int(v) for k, v in totals.items()}, top, channels, freshness, hot
    )


def age_seconds(then: Any, now: datetime) -> float | None:
    """How many seconds before `now` an instant from the ledger was (None when there is none)."""
    if then is None or pd.isna(then):
        return None
    return (now - pd.Timestamp(then).to_pydatetime()).total_seconds()
