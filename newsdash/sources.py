"""Traffic sources as values (issue 17): the eight source groups, their labels, the sources
table a period gives (`newsdash sources`, the Sources page, the sources CSV) and its columns.

The classification is newsdash/etl/sources.py; the figures come from the sources rollup
(`hourly_sources`) through newsdash/sql/source_queries.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from newsdash.rankings import RankingError

# The same groups as newsdash/etl/sources_rules.py (tests/test_sources_views.py checks they agree).
GROUPS = ("search", "portal_news", "social", "messenger", "internal", "direct", "campaign", "other")
# How people read each group (the one place to translate them).
GROUP_LABELS = {
    "search": "Search",
    "portal_news": "Portal news",
    "social": "Social",
    "messenger": "Messenger",
    "internal": "Internal",
    "direct": "Direct",
    "campaign": "Campaign",
    "other": "Other",
}
LEVELS = ("group", "source", "campaign")  # what one row of the sources table is
COLUMNS = ["rank", "source_group", "source_name", "campaign", "views", "share",
           "previous_views", "change"]  # fmt: skip
DEFAULT_DAYS = 7


class SourcesError(RankingError):
    """A sources request that cannot be served; the message names the valid choices."""


def parse_group(text: str | None) -> str | None:
    """A source group by name or label, any case ("Naver" is a source name, not a group)."""
    if text is None or not text.strip():
        return None
    wanted = text.strip().casefold().replace(" ", "_")
    for group in GROUPS:
        if wanted in (group, GROUP_LABELS[group].casefold().replace(" ", "_")):
            return group
    raise SourcesError(f"unknown source group {text!r}: choose one of {', '.join(GROUPS)}")


@dataclass(frozen=True)
class SourcesResult:
    """Counted views per source in [window_start, window_end), with the period just before."""

    level: str  # one of LEVELS
    window_start: datetime
    window_end: datetime
    previous_start: datetime
    section: str | None
    source_group: str | None  # only this group, or all
    rows: pd.DataFrame  # COLUMNS, best first


def rank_rows(frame: pd.DataFrame, level: str, limit: int | None) -> pd.DataFrame:
    """One row per group, source (group and name) or campaign of a frame of source_group,
    source_name, campaign, views, previous_views: most views first, then by name."""
    keys = {"group": ["source_group"], "source": ["source_group", "source_name"],
            "campaign": ["campaign", "source_group", "source_name"]}[level]  # fmt: skip
    if level == "campaign":
        frame = frame[frame["campaign"].notna()]
    rows = frame.groupby(keys, as_index=False, dropna=False)[["views", "previous_views"]].sum()
    rows = rows[(rows["views"] > 0) | (rows["previous_views"] > 0)]
    rows = rows.sort_values(["views", *keys], ascending=[False, *[True] * len(keys)])
    total = rows["views"].sum()
    rows = rows.assign(
        share=rows["views"] / total if total else 0.0,
        change=(rows["views"] / rows["previous_views"] - 1).where(rows["previous_views"] > 0),
    )
    rows.insert(0, "rank", range(1, len(rows) + 1))
    for column in COLUMNS:
        if column not in rows:
            rows[column] = None
    rows = rows[COLUMNS].reset_index(drop=True)
    return rows if limit is None else rows.head(limit)
