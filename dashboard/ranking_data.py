"""Rankings for the dashboard's pages, computed by newsdash/sql/ranking_queries.py (the same code
as `newsdash rank` and `newsdash export`) and cached on the data's version like every other
frame.

The ranking CSV offered for download is `newsdash.formats.ranking_csv(result)`: byte for byte
what `newsdash export` writes for the same ranking, hour and section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from newsdash.dashboard import data, i18n
from newsdash.dashboard.attention_text import ENGAGED_COLUMN
from newsdash.dashboard.data import Source
from newsdash.dashboard.i18n import N_
from newsdash.dashboard.vocabulary import shown
from newsdash.formats import export_stem, ranking_csv
from newsdash.newsroom import DimensionFilter
from newsdash.rankings import RankingDefinition, RankingResult
from newsdash.settings import Settings
from newsdash.sql.ranking_queries import compute_rankings, shown_ranks

NIGHTS_CHECKED = 8  # best rank: nightly exports checked after publication, at most
# The shipped rankings' titles, for the catalog: a title from the config is shown translated
# when the catalog knows it, else as written.
SHIPPED_TITLES = (N_("Most Viewed"), N_("Weekly Hot Issue"), N_("Hot Issue"),
                  N_("Popular articles"), N_("Most Read"))  # fmt: skip


@data.cached
def results(
    src: Source,
    settings: Settings,
    as_of: datetime,
    section: str | None,
    limit: int | str | None,
    source_group: str | None = None,
    edition: str | None = None,
) -> list[RankingResult]:
    """Every configured ranking as of `as_of` (a whole hour), in the config's order; with a
    source group, only the views from it count; `edition` keeps that edition's articles (so
    Korean traffic does not swamp the English list)."""
    data.MISSES["rankings"] += 1
    only = DimensionFilter(edition=edition) if edition else None
    return compute_rankings(
        src.db, list(settings.rankings), as_of, section, limit, source_group, only,
        settings.newsroom,
    )  # fmt: skip


def movement_arrow(movement: str) -> str:
    """'up 3' -> '▲ 3', 'down 2' -> '▼ 2', 'same' -> '=', 'new' in the run's language."""
    word, _, n = str(movement).partition(" ")
    return {"up": f"▲ {n}", "down": f"▼ {n}", "same": "="}.get(word, shown("move", movement))


COUNTS = ("views", "readers", "likes", "comments", "shares", "score")


def display_rows(result: RankingResult) -> pd.DataFrame:
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
    if "engaged_seconds_per_view" in rows:  # issue 22
        shown[ENGAGED_COLUMN] = rows["engaged_seconds_per_view"]
    shown["published_at"] = pd.to_datetime(rows["published_at"]).dt.tz_localize(None)
    shown["article_id"] = rows["article_id"]
    return shown


# The CSV's columns as a Korean header row (an option of the download, never the default).
HEADER_LABELS = {
    "rank": N_("Rank"), "article_id": N_("Article id"), "title": N_("Title"),
    "section": N_("Section"), "subsection": N_("Subsection"), "author": N_("Reporter"),
    "published_at": N_("Published"), "url": N_("URL"), "views": N_("Views"),
    "readers": N_("Readers"), "likes": N_("Likes"), "comments": N_("Comments"),
    "shares": N_("Shares"), "score": N_("Score"), "movement": N_("Movement"),
    "ranking": N_("Ranking"), "window_start": N_("Window start"), "window_end": N_("Window end"),
}  # fmt: skip


def korean_header() -> dict[str, str]:
    korean = i18n.translations("ko")
    return {column: korean.gettext(label) for column, label in HEADER_LABELS.items()}


def export_csv(result: RankingResult, korean: bool = False) -> bytes:
    return ranking_csv(result, korean_header() if korean else None)


def export_name(result: RankingResult) -> str:
    """The file name `newsdash export` gives the same ranking (filtered: `_from_GROUP`,
    `_edition_E`; formats.export_stem)."""
    return f"{export_stem(result)}.csv"


@dataclass(frozen=True)
class BestRank:
    ranking: str
    title: str
    best_rank: int | None
    as_of: datetime | None
    nights_checked: int


def nightly_points(start: datetime, latest: datetime, zone: ZoneInfo) -> list[datetime]:
    """The midnights (site time) after `start`, up to `latest`, at most NIGHTS_CHECKED, plus
    `latest` itself: the hours a nightly export publishes."""
    first = datetime.combine(start.astimezone(zone).date() + timedelta(days=1), time(), zone)
    points = [first + timedelta(days=k) for k in range(NIGHTS_CHECKED)]
    if start >= latest:
        return [latest]
    return sorted({p for p in points if p <= latest} | {latest})


def checkpoints(
    definition: RankingDefinition, since: datetime, latest: datetime, zone: ZoneInfo
) -> list[datetime]:
    """The hours to check: a ranking of articles published inside its window can only list
    the article until the window has passed its publication."""
    points = nightly_points(since, latest, zone)
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
    definitions = settings.rankings
    points = {d.name: checkpoints(d, since, latest, src.db.zone) for d in definitions}
    asked = [(d, point) for d in definitions for point in points[d.name]]
    # Every ranking at every hour: one query.
    placed = zip(asked, shown_ranks(src.db, asked, article_id), strict=True)
    ranked = [(rank, point, d.name) for (d, point), rank in placed if rank is not None]
    found = []
    for d in definitions:
        best = min(((r, p) for r, p, name in ranked if name == d.name), default=None)
        found.append(BestRank(d.name, d.title, best and best[0], best and best[1],
                              len(points[d.name])))  # fmt: skip
    return found
