"""Rankings as values: a definition (the `[rankings.NAME]` tables of the config, defaults in
newsdash/defaults.toml, read by newsdash/settings.py), a computed result, and the time windows
they cover.

No database here: the scores are computed by newsdash/sql/ranking_queries.py from the hourly
rollup (`sql/rank/scores.sql`), and written by newsdash/formats.py and newsdash/terminal.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

import pandas as pd

if TYPE_CHECKING:  # newsroom reads config_tables, which reads this module
    from newsdash.newsroom import DimensionFilter

ELIGIBILITY = ("all", "published_in_window")
WEIGHT_KEYS = ("views", "likes", "comments", "shares", "engaged_minutes")
UNKNOWN_TITLE = "(unknown article)"
MOVEMENT_LAG = timedelta(hours=24)  # movement compares with the same ranking a day earlier
# --as-of is an instant in this range: its window and the day before stay representable.
AS_OF_RANGE = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))
ALL: Literal["all"] = "all"  # limit that asks for every row
COLUMNS = ["rank", "article_id", "title", "section", "subsection", "author", "published_at",
           "url", "views", "readers", "likes", "comments", "shares", "score", "movement"]  # fmt: skip


class RankingError(ValueError):
    """A ranking request that cannot be served; the message names the valid choices."""


@dataclass(frozen=True)
class RankingDefinition:
    name: str
    title: str
    window_hours: int
    weights: Mapping[str, float]  # views, likes, comments, shares, engaged_minutes
    half_life_hours: float | None  # None: no time decay
    eligible: str  # 'all' | 'published_in_window'
    limit: int

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.window_hours)


@dataclass(frozen=True)
class RankingResult:
    """One computed ranking: the rows (COLUMNS plus previous_rank) and the window they cover."""

    definition: RankingDefinition
    as_of: datetime  # = window_end, a whole hour in site time
    window_start: datetime
    window_end: datetime
    section: str | None
    rows: pd.DataFrame
    source_group: str | None = None  # only views from this traffic source group counted
    only: DimensionFilter | None = None  # only these articles (a reporter, a tag, an edition)

    @property
    def ranking(self) -> str:
        return self.definition.name


def choose(definitions: tuple[RankingDefinition, ...], name: str) -> RankingDefinition:
    """The definition called `name`; RankingError lists the names there are."""
    for definition in definitions:
        if definition.name == name:
            return definition
    names = ", ".join(d.name for d in definitions)
    raise RankingError(f"unknown ranking {name!r}: choose one of {names}")


def parse_limit(text: str | None) -> int | Literal["all"] | None:
    """`--limit`: None keeps the definition's default, 'all' asks for every row."""
    if text is None:
        return None
    if text.strip().lower() == ALL:
        return ALL
    digits = text.strip()
    if digits.isascii() and digits.isdigit() and int(digits) > 0:  # not '²' or '١٢'
        return int(digits)
    raise RankingError(f"--limit {text!r}: give a number of rows (1 or more) or 'all'")


# --- time ------------------------------------------------------------------------------------


def cut_to_hour(t: datetime, zone: ZoneInfo) -> datetime:
    """Down to the whole hour in site time; a naive time is read as site time."""
    local = t.replace(tzinfo=zone) if t.tzinfo is None else t.astimezone(zone)
    return local.replace(minute=0, second=0, microsecond=0)


def parse_as_of(text: str, zone: ZoneInfo) -> datetime:
    """`--as-of`: an ISO date or time (no offset = site time), cut down to the hour."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise RankingError(
            f"--as-of {text!r} is not an ISO time: use e.g. 2025-10-31T10:00 (site time, {zone.key}),"
            " 2025-10-31T10:00+09:00 or 2025-10-31T01:00Z"
        ) from None
    low, high = AS_OF_RANGE
    try:
        when = cut_to_hour(parsed, zone)
    except OverflowError:  # 0001-01-01T00:00+14:00 has no site time
        when = None
    if when is None or not low <= when < high:
        raise RankingError(
            f"--as-of {text!r}: give a time from {low:%Y-%m-%d} to before {high:%Y-%m-%d}"
        )
    return when


def shift(t: datetime, delta: timedelta) -> datetime:
    """t - delta as instants (aware datetimes subtract wall time otherwise, wrong across DST)."""
    return (t.astimezone(UTC) - delta).astimezone(t.tzinfo)


def hour_after(latest: datetime | None, now: datetime, zone: ZoneInfo) -> datetime:
    """The default as-of: the hour after the latest counted hour (the current hour's end when
    nothing is counted yet)."""
    start = cut_to_hour(latest if latest is not None else now, zone)
    return shift(start, -timedelta(hours=1))


def movement(rank: int, previous: int | None) -> str:
    if previous is None or pd.isna(previous):
        return "new"
    if previous > rank:
        return f"up {previous - rank}"
    if previous < rank:
        return f"down {rank - previous}"
    return "same"
