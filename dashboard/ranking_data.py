"""Rankings for the dashboard, computed by sql/rankings.py (the same code as `newsdash rank`
and `newsdash export`) and cached on the data's version like every other frame.

The ranking CSV offered for download is `etl.export.ranking_csv(result)`: byte for byte what
`newsdash export` writes for the same ranking, hour and section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from newsdash.dashboard import data
from newsdash.dashboard.data import Source
from newsdash.sql import ranking_queries as rankings
from newsdash.sql import store

from newsdash.formats import ranking_csv
from newsdash.settings import Settings

NIGHTS_CHECKED = 8  # best rank: nightly exports checked after publication, at most


@data.cached
def results(
    src: Source, settings: Settings, as_of: datetime, section: str | None, limit: int | str | None
) -> list[rankings.RankingResult]:
    """Every configured ranking as of `as_of` (a whole hour), in the config's order."""
    data.MISSES["rankings"] += 1
    definitions = list(rankings.load_definitions(settings).values())
    with store.reading(src.db, src.tz) as con:
        return rankings.compute_rankings(con, definitions, as_of, section, limit)


def movement_arrow(movement: str) -> str:
    """'up 3' -> '▲ 3', 'down 2' -> '▼ 2', 'same' -> '=', 'new' stays."""
    word, _, n = str(movement).partition(" ")
    return {"up": f"▲ {n}", "down": f"▼ {n}", "same": "="}.get(word, movement)


COUNTS = ("views", "readers", "likes", "comments", "shares", "score")


def display_rows(result: rankings.RankingResult) -> pd.DataFrame:
    """The ranking as shown: movement as arrows, the section path, published in site time."""
    rows = result.rows
    where = rows["section"].fillna("") + rows["subsection"].map(
        lambda s: f" › {s}" if isinstance(s, str) and s else ""
    )
    shown = pd.DataFrame({
        "rank": rows["rank"], "move": rows["movement"].map(movement_arrow),
        "title": rows["title"], "section": where,
    })  # fmt: skip
    for column in COUNTS:
        shown[column] = rows[column]
    shown["published_at"] = pd.to_datetime(rows["published_at"]).dt.tz_localize(None)
    shown["article_id"] = rows["article_id"]
    return shown


def export_csv(result: rankings.RankingResult) -> bytes:
    return ranking_csv(result)


def export_name(result: rankings.RankingResult) -> str:
    """The file name `newsdash export` gives the same ranking."""
    return f"{result.ranking}_{result.as_of:%Y%m%d%H}.csv"


@dataclass(frozen=True)
class BestRank:
    ranking: str
    title: str
    best_rank: int | None
    as_of: datetime | None
    nights_checked: int


def nightly_points(start: datetime, latest: datetime, tz: str) -> list[datetime]:
    """The midnights (site time) after `start`, up to `latest`, at most NIGHTS_CHECKED, plus
    `latest` itself: the hours a nightly export publishes."""
    zone = ZoneInfo(tz)
    first = datetime.combine(start.astimezone(zone).date() + timedelta(days=1), time(), zone)
    points = [first + timedelta(days=k) for k in range(NIGHTS_CHECKED)]
    if start >= latest:
        return [latest]
    return sorted({p for p in points if p <= latest} | {latest})


def checkpoints(definition, since: datetime, latest: datetime, tz: str) -> list[datetime]:
    """The hours to check: a ranking of articles published inside its window can only list
    the article until the window has passed its publication."""
    points = nightly_points(since, latest, tz)
    if definition.eligible == "published_in_window":
        points = [p for p in points if p - definition.window <= since] or points[:1]
    return points


@data.cached
def best_ranks(
    src: Source, settings: Settings, article_id: str, since: datetime, latest: datetime
) -> list[BestRank]:
    """The article's best place in each ranking's shown list, over the nightly exports after
    `since` (its publication, or first traffic) and the latest hour."""
    data.MISSES["best_ranks"] += 1
    definitions = rankings.load_definitions(settings).values()
    points = {d.name: checkpoints(d, since, latest, src.tz) for d in definitions}
    asked = [(d, point) for d in definitions for point in points[d.name]]
    with store.reading(src.db, src.tz) as con:  # every ranking at every hour: one query
        placed = zip(asked, rankings.shown_ranks(con, asked, article_id), strict=True)
        ranked = [(rank, point, d.name) for (d, point), rank in placed if rank is not None]
    found = []
    for d in definitions:
        best = min(((r, p) for r, p, name in ranked if name == d.name), default=None)
        found.append(BestRank(d.name, d.title, best and best[0], best and best[1],
                              len(points[d.name])))  # fmt: skip
    return found


def best_ranks_block(ctx, article_id: str) -> None:
    """The Article page's "best rank in each ranking" tiles."""
    item = data.article(ctx.src, article_id, ctx.filters.grain)
    since = item.info["published_at"]
    if since is None or pd.isna(since):
        since = item.info["first_hour"]
    if since is None or pd.isna(since):
        return
    latest = ctx.bounds.last_hour + timedelta(hours=1)
    st.subheader("Best rank in each ranking")
    # Drawn last on the page: the charts above are already on screen while this computes
    # (one scores-only ranking per checked hour).
    with st.spinner("Checking the rankings…"):
        found = best_ranks(ctx.src, ctx.settings, article_id, since.to_pydatetime(), latest)
    st.caption(
        f"Its best place in each ranking's published list, checked at the nightly exports "
        f"(midnight {ctx.short_zone}) of up to {NIGHTS_CHECKED} nights after publication and "
        "at the latest hour."
    )
    for column, best in zip(st.columns(len(found)), found, strict=True):
        value = f"#{best.best_rank}" if best.best_rank else "not listed"
        when = f"as of {best.as_of:%Y-%m-%d %H:00}" if best.as_of else None
        column.metric(best.title, value, border=True, help=when)
        if when:
            column.caption(when)
