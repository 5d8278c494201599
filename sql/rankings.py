"""Rankings: named definitions read from the config, computed from the hourly rollup.

A definition is data (the `[rankings.NAME]` tables of the config, defaults in
etl/defaults.toml), so an editor adds a ranking without code. `compute_ranking` is what the
command line and the exports call, `compute_rankings` (several rankings scored by one query)
what the dashboard calls; the queries are in `sql/rank/`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pandas as pd

from etl import clock
from etl.config import DEFAULTS_FILE, ConfigError, Settings, read_toml
from sql import store

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")  # also a safe file-name prefix
ELIGIBILITY = ("all", "published_in_window")
WEIGHT_KEYS = ("views", "likes", "comments", "shares")
DEFINITION_KEYS = {"title", "window_hours", "weights", "half_life_hours", "eligible", "limit"}
UNKNOWN_TITLE = "(unknown article)"
MOVEMENT_LAG = timedelta(hours=24)  # movement compares with the same ranking a day earlier
MAX_WINDOW_HOURS = 87_600  # ten years: every window start stays a representable date
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
    weights: Mapping[str, float]  # views, likes, comments, shares
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

    @property
    def ranking(self) -> str:
        return self.definition.name


# --- definitions -----------------------------------------------------------------------------


def _fail(where: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {message}")


def _positive_int(value: Any, where: str, what: str, most: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(where, f"{what} must be a whole number of at least 1, got {value!r}")
    if most is not None and value > most:
        raise _fail(where, f"{what} must be at most {most:,}, got {value!r}")
    return value


def _finite(value: Any) -> bool:
    """A real number (not true/false, NaN or infinity)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _weights(value: Any, where: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"weights must be a table such as {{ views = 1 }}, got {value!r}")
    unknown = sorted(set(value) - set(WEIGHT_KEYS))
    if unknown:
        raise _fail(where, f"unknown weight {unknown[0]!r} (use {', '.join(WEIGHT_KEYS)})")
    weights = {}
    for key in WEIGHT_KEYS:
        weight = value.get(key, 0)
        if not _finite(weight) or weight < 0:
            raise _fail(where, f"weight {key} must be a number >= 0, got {weight!r}")
        weights[key] = float(weight)
    if not any(weights.values()):
        raise _fail(where, "at least one weight must be above 0")
    return weights


def _half_life(value: Any, where: str) -> float | None:
    if value is None or value == 0:
        return None
    if not _finite(value) or value < 0:
        raise _fail(where, f"half_life_hours must be a number of hours > 0, got {value!r}")
    return float(value)


def parse_definition(name: str, table: Any, source: str = "config") -> RankingDefinition:
    """One `[rankings.NAME]` table as a definition; ConfigError says what is wrong and where."""
    where = f"{source}: [rankings.{name}]"
    if not NAME_PATTERN.match(name):
        raise _fail(where, "a ranking name is lowercase letters, digits and _ (e.g. most_shared)")
    if not isinstance(table, Mapping):
        raise _fail(where, "must be a table")
    unknown = sorted(set(table) - DEFINITION_KEYS - {"enabled"})
    if unknown:
        raise _fail(where, f"unknown key {unknown[0]!r} (use {', '.join(sorted(DEFINITION_KEYS))})")
    eligible = table.get("eligible", "all")
    if eligible not in ELIGIBILITY:
        raise _fail(where, f"eligible must be one of {', '.join(ELIGIBILITY)}, got {eligible!r}")
    return RankingDefinition(
        name=name,
        title=str(table.get("title") or name),
        window_hours=_positive_int(
            table.get("window_hours"), where, "window_hours", MAX_WINDOW_HOURS
        ),
        weights=_weights(table.get("weights", {}), where),
        half_life_hours=_half_life(table.get("half_life_hours"), where),
        eligible=eligible,
        limit=_positive_int(table.get("limit", 10), where, "limit"),
    )


def load_definitions(settings: Settings) -> dict[str, RankingDefinition]:
    """Every enabled ranking of the config, in the order the config lists them."""
    # Settings built in code (tests, tools) carry no raw config: use the shipped rankings.
    tables = settings.raw.get("rankings") or read_toml(DEFAULTS_FILE).get("rankings", {})
    if not isinstance(tables, Mapping):
        raise ConfigError(f"{settings.source}: rankings must be a table of [rankings.NAME] tables")
    return {
        name: parse_definition(name, table, settings.source)
        for name, table in tables.items()
        if not (isinstance(table, Mapping) and table.get("enabled") is False)
    }


def ranking_names(settings: Settings) -> list[str]:
    return list(load_definitions(settings))


def get_definition(settings: Settings, name: str) -> RankingDefinition:
    definitions = load_definitions(settings)
    if name not in definitions:
        raise RankingError(f"unknown ranking {name!r}: choose one of {', '.join(definitions)}")
    return definitions[name]


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


def site_zone(con: store.Connection) -> ZoneInfo:
    return ZoneInfo(store.scalar(con, "rank/site_timezone"))


def cut_to_hour(t: datetime, tz: ZoneInfo) -> datetime:
    """Down to the whole hour in site time; a naive time is read as site time."""
    local = t.replace(tzinfo=tz) if t.tzinfo is None else t.astimezone(tz)
    return local.replace(minute=0, second=0, microsecond=0)


def parse_as_of(text: str, tz: ZoneInfo) -> datetime:
    """`--as-of`: an ISO date or time (no offset = site time), cut down to the hour."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise RankingError(
            f"--as-of {text!r} is not an ISO time: use e.g. 2025-10-31T10:00 (site time, {tz.key}),"
            " 2025-10-31T10:00+09:00 or 2025-10-31T01:00Z"
        ) from None
    low, high = AS_OF_RANGE
    try:
        when = cut_to_hour(parsed, tz)
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


def default_as_of(con: store.Connection, tz: ZoneInfo) -> datetime:
    """The hour after the latest counted event (the current hour's end when there is none)."""
    latest = store.scalar(con, "rank/latest_hour")
    start = cut_to_hour(latest if latest is not None else clock.now(), tz)
    return shift(start, -timedelta(hours=1))


# --- sections --------------------------------------------------------------------------------


def list_sections(con: store.Connection) -> list[str]:
    """Every section and subsection name the article metadata knows."""
    return [name for (name,) in store.rows(con, "rank/sections")]


def resolve_section(con: store.Connection, name: str | None) -> str | None:
    """The section as the metadata spells it (case-insensitive match); RankingError if none."""
    if name is None or not name.strip():
        return None
    sections = list_sections(con)
    by_fold = {s.casefold(): s for s in sections}
    if name.strip().casefold() in by_fold:
        return by_fold[name.strip().casefold()]
    choices = ", ".join(sections) or "none yet (no article metadata loaded)"
    raise RankingError(f"unknown section {name!r}: choose one of {choices}")


# --- computing -------------------------------------------------------------------------------


def _scores(
    con, asked: list[tuple[RankingDefinition, datetime]], section: str | None
) -> list[pd.DataFrame]:
    """The whole ranking of each (definition, end hour) asked, all from one query."""
    frame = store.frame(
        con,
        "rank/scores",
        window_starts=[shift(end, d.window) for d, end in asked],
        window_ends=[end for _, end in asked],
        half_lives=[d.half_life_hours for d, _ in asked],
        eligible=[d.eligible for d, _ in asked],
        section=section,
        **{f"w_{key}": [d.weights[key] for d, _ in asked] for key in WEIGHT_KEYS},
    )
    found = [frame[frame["w"] == i] for i in range(len(asked))]
    return [rows.drop(columns="w").reset_index(drop=True) for rows in found]


def shown_ranks(
    con: store.Connection, asked: list[tuple[RankingDefinition, datetime]], article_id: str
) -> list[int | None]:
    """The article's place in each ranking's shown list (its default limit) as of each hour
    asked, or None; scores only (no readers, no movement), for checking many hours cheaply."""
    tz = site_zone(con)
    hours = [(d, cut_to_hour(t, tz)) for d, t in asked]
    found = []
    for (definition, _), rows in zip(hours, _scores(con, hours, None), strict=True):
        hit = rows.loc[rows["article_id"] == article_id, "rank"].head(1)
        rank = int(hit.iloc[0]) if len(hit) else None
        found.append(rank if rank is not None and rank <= definition.limit else None)
    return found


def _readers(con, ids: list[str], start: datetime, end: datetime) -> dict[str, int]:
    if not ids:
        return {}
    found = store.rows(con, "rank/readers", article_ids=ids, window_start=start, window_end=end)
    return dict(found)


def movement(rank: int, previous: int | None) -> str:
    if previous is None or pd.isna(previous):
        return "new"
    if previous > rank:
        return f"up {previous - rank}"
    if previous < rank:
        return f"down {rank - previous}"
    return "same"


def compute_rankings(
    con: store.Connection,
    definitions: list[RankingDefinition],
    as_of: datetime | None = None,
    section: str | None = None,
    limit: int | Literal["all"] | None = None,
) -> list[RankingResult]:
    """The rankings as of `as_of` (cut to the hour; None: after the latest counted event).

    `section` filters to a section or subsection (use resolve_section first); `limit` None is
    each definition's default and 'all' every row. Movement compares with the whole ranking of
    24 hours earlier (same definition and section), so an article rising from 12th to 3rd is
    "up 9" even when only 5 rows are shown. The scores of every ranking, now and a day earlier,
    come from one query.
    """
    tz = site_zone(con)
    end = cut_to_hour(as_of, tz) if as_of is not None else default_as_of(con, tz)
    asked = [(d, hour) for d in definitions for hour in (end, shift(end, MOVEMENT_LAG))]
    scores = _scores(con, asked, section)
    return [
        _result(con, d, end, section, limit, scores[2 * i], scores[2 * i + 1])
        for i, d in enumerate(definitions)
    ]


def compute_ranking(
    con: store.Connection,
    definition: RankingDefinition,
    as_of: datetime | None = None,
    section: str | None = None,
    limit: int | Literal["all"] | None = None,
) -> RankingResult:
    """One ranking (see compute_rankings)."""
    return compute_rankings(con, [definition], as_of, section, limit)[0]


def _result(con, definition, end, section, limit, rows, before) -> RankingResult:
    """The ranking's shown rows with readers and movement against `before` (a day earlier)."""
    start = shift(end, definition.window)
    if limit != ALL:
        rows = rows.head(definition.limit if limit is None else limit)
    previous = dict(zip(before["article_id"], before["rank"], strict=True))
    readers = _readers(con, rows["article_id"].tolist(), start, end)
    rows = rows.assign(
        title=rows["title"].where(rows["known"], UNKNOWN_TITLE),
        readers=rows["article_id"].map(readers).fillna(0).astype("int64"),
        previous_rank=rows["article_id"].map(previous).astype("Int64"),
    )
    rows["movement"] = [
        movement(r, p) for r, p in zip(rows["rank"], rows["previous_rank"], strict=True)
    ]
    rows = rows[COLUMNS + ["previous_rank"]].reset_index(drop=True)
    return RankingResult(definition, end, start, end, section, rows)
