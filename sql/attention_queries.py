"""Attention and box figures (issue 22) from their rollups: the queries of `sql/attention/`.

The command line (`newsdash attention`, `newsdash widgets`) and the dashboard's Article and
Boxes pages call these; the rules are in README "Attention and boxes", the arithmetic on
values in newsdash/attention.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from newsdash.attention import engaged_per_view, median_seconds, percent
from newsdash.rankings import cut_to_hour, shift
from newsdash.sql import store
from newsdash.sql.ranking_queries import default_as_of
from newsdash.sql.store import Database

ATTENTION_COLUMNS = ["article_id", "views", "engaged_views", "engaged_seconds_total",
                     "engaged_seconds_per_view", "engaged_seconds_median", "read_to_end_pct",
                     "scroll_reach_50_pct"]  # fmt: skip
WIDGET_COLUMNS = ["widget", "position", "viewable", "clicks", "ctr_pct"]
REACH_LEVELS = (25, 50, 75, 90, 100)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def params(self) -> dict[str, datetime]:
        return {"window_start": self.start, "window_end": self.end}


def window(db: Database, con: store.Connection, as_of: datetime | None, hours: int) -> Window:
    """[as_of - hours, as_of), as_of cut to the hour (None: after the latest counted event)."""
    end = cut_to_hour(as_of, db.zone) if as_of is not None else default_as_of(con, db)
    return Window(shift(end, timedelta(hours=hours)), end)


def article_attention(
    db: Database, as_of: datetime | None = None, hours: int = 24, section: str | None = None
) -> tuple[Window, pd.DataFrame]:
    """Per article with views in the window: ATTENTION_COLUMNS (plus title), most engaged
    time first."""
    with db.reading() as con:
        span = window(db, con, as_of, hours)
        rows = store.frame(con, "attention/articles", section=section, **span.params())
        ids = rows["article_id"].tolist()
        buckets = store.rows(con, "attention/histogram", article_ids=ids, **span.params())
    return span, attention_rows(rows, buckets)


def attention_rows(rows: pd.DataFrame, buckets: list[tuple]) -> pd.DataFrame:
    by_article: dict[str, dict[int, int]] = {}
    for article_id, bucket, views in buckets:
        by_article.setdefault(article_id, {})[int(bucket)] = int(views)
    views = rows["views"].astype("int64")
    medians = [
        median_seconds(int(v), int(e), by_article.get(a, {}))
        for a, v, e in zip(rows["article_id"], views, rows["engaged_views"], strict=True)
    ]
    return pd.DataFrame({
        "article_id": rows["article_id"], "title": rows["title"], "views": views,
        "engaged_views": rows["engaged_views"].astype("int64"),
        "engaged_seconds_total": (rows["engaged_ms"].astype("float64") / 1000).round(1),
        "engaged_seconds_per_view": engaged_per_view(rows["engaged_ms"], views),
        "engaged_seconds_median": pd.Series(medians, dtype="float64"),
        "read_to_end_pct": [percent(r, v) for r, v in zip(rows["read_to_end"], views, strict=True)],
        "scroll_reach_50_pct": [percent(s, v) for s, v in zip(rows["scroll_50"], views, strict=True)],
    })  # fmt: skip


def box_figures(
    db: Database, as_of: datetime | None = None, hours: int = 24
) -> tuple[Window, pd.DataFrame]:
    """Per box and position: viewable, clicks, ctr_pct (clicks ÷ viewable, %), sent_views and
    sent_engaged_seconds_per_view (the engaged time of the views the clicks sent)."""
    with db.reading() as con:
        span = window(db, con, as_of, hours)
        rows = store.frame(con, "attention/widgets", **span.params())
    rows["ctr_pct"] = [percent(c, v) for c, v in zip(rows["clicks"], rows["viewable"], strict=True)]
    rows["sent_engaged_seconds_per_view"] = engaged_per_view(
        rows["sent_engaged_ms"], rows["sent_views"]
    )
    for column in ("position", "viewable", "clicks", "sent_views"):
        rows[column] = rows[column].astype("int64")
    return span, rows.drop(columns="sent_engaged_ms")


def box_series(db: Database, as_of: datetime | None = None, hours: int = 24 * 28) -> pd.DataFrame:
    """Viewable impressions, clicks and CTR per site day, box and position."""
    with db.reading() as con:
        span = window(db, con, as_of, hours)
        rows = store.frame(con, "attention/widget_series", **span.params())
    rows["ctr_pct"] = [percent(c, v) for c, v in zip(rows["clicks"], rows["viewable"], strict=True)]
    return rows


def scroll_reach(db: Database, article_id: str, start: datetime, end: datetime) -> pd.DataFrame:
    """One article's scroll reach: the share of its views that reached each depth."""
    with db.reading() as con:
        views, *reached = store.rows(con, "attention/scroll_reach", article_id=article_id,
                                     window_start=start, window_end=end)[0]  # fmt: skip
    return pd.DataFrame({"depth_pct": REACH_LEVELS,
                         "views_pct": [percent(r, views) for r in reached]})  # fmt: skip


def orphan_engage(db: Database) -> int:
    """Page views with engage events whose view never arrived (Data health)."""
    with db.reading() as con:
        return int(store.scalar(con, "attention/orphan_engage"))
