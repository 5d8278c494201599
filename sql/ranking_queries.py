"""Rankings computed from the hourly rollup: the queries of `sql/rank/`.

`compute_rankings` (several rankings scored by one query) is what the command line, the exports
and the dashboard call. The definitions and the time arithmetic are values (newsdash/rankings.py);
each function here opens the database it is given for one short read (`Database.reading`) and
cuts hours in that database's site time zone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from typing import Literal

import pandas as pd

from newsdash import clock
from newsdash.attention import engaged_per_view
from newsdash.newsroom import DimensionFilter, Newsroom
from newsdash.rankings import (
    ALL,
    COLUMNS,
    MOVEMENT_LAG,
    UNKNOWN_TITLE,
    WEIGHT_KEYS,
    RankingDefinition,
    RankingError,
    RankingResult,
    cut_to_hour,
    hour_after,
    movement,
    shift,
)
from newsdash.sql import dimensions, store
from newsdash.sql.store import Connection, Database


def default_as_of(con: Connection, db: Database) -> datetime:
    """The hour after the latest counted event (the current hour's end when there is none)."""
    return hour_after(store.scalar(con, "rank/latest_hour"), clock.now(), db.zone)


# --- sections --------------------------------------------------------------------------------


def list_sections(db: Database) -> list[str]:
    """Every section and subsection name the article metadata knows."""
    with db.reading() as con:
        return [name for (name,) in store.rows(con, "rank/sections")]


def resolve_section(db: Database, name: str | None) -> str | None:
    """The section as the metadata spells it (case-insensitive match); RankingError if none."""
    if name is None or not name.strip():
        return None
    sections = list_sections(db)
    by_fold = {s.casefold(): s for s in sections}
    if name.strip().casefold() in by_fold:
        return by_fold[name.strip().casefold()]
    choices = ", ".join(sections) or "none yet (no article metadata loaded)"
    raise RankingError(f"unknown section {name!r}: choose one of {choices}")


# --- computing -------------------------------------------------------------------------------


def _scores(
    con: Connection,
    asked: list[tuple[RankingDefinition, datetime]],
    section: str | None,
    source_group: str | None = None,
    only: list[str] | None = None,
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
        source_group=source_group,
        only=only,
        **{f"w_{key}": [d.weights[key] for d, _ in asked] for key in WEIGHT_KEYS},
    )
    # The rows come ordered by window, then rank: each window's are one slice (no row copied by
    # a mask per window, which cost more than the query's fetch for the Rankings page).
    ends = frame["w"].searchsorted(range(len(asked) + 1), side="left")
    rows = frame.drop(columns="w")
    return [rows.iloc[a:b].reset_index(drop=True) for a, b in pairwise(ends)]


def shown_ranks(
    db: Database, asked: list[tuple[RankingDefinition, datetime]], article_id: str
) -> list[int | None]:
    """The article's place in each ranking's shown list (its default limit) as of each hour
    asked, or None; scores only (no readers, no movement), for checking many hours cheaply."""
    hours = [(d, cut_to_hour(t, db.zone)) for d, t in asked]
    with db.reading() as con:
        scores = _scores(con, hours, None)
    found = []
    for (definition, _), rows in zip(hours, scores, strict=True):
        hit = rows.loc[rows["article_id"] == article_id, "rank"].head(1)
        rank = int(hit.iloc[0]) if len(hit) else None
        found.append(rank if rank is not None and rank <= definition.limit else None)
    return found


def session_key_range(con: Connection) -> dict[str, int]:
    """The bounds of the session dictionary's keys (`first_key`, `last_key`): what a readers
    query gives `bitstring_agg`, read once per connection."""
    first, last = store.rows(con, "rank/session_key_range")[0]
    return {"first_key": int(first), "last_key": int(last)}


def _readers(
    con: Connection, ids: list[str], start: datetime, end: datetime, span: dict[str, int]
) -> dict[str, int]:
    """Distinct readers of each article in `ids` over [start, end); an article with no counted
    view has no key and is left out (no readers)."""
    keys = dict(store.rows(con, "rank/article_keys", article_ids=ids)) if ids else {}
    if not keys:
        return {}
    ids_of = {key: article_id for article_id, key in keys.items()}
    found = store.rows(con, "rank/readers", article_keys=list(keys.values()),
                       window_start=start, window_end=end, **span)  # fmt: skip
    return {ids_of[key]: readers for key, readers in found}


def compute_rankings(
    db: Database,
    definitions: list[RankingDefinition],
    as_of: datetime | None = None,
    section: str | None = None,
    limit: int | Literal["all"] | None = None,
    source_group: str | None = None,
    only: DimensionFilter | None = None,
    newsroom: Newsroom | None = None,
) -> list[RankingResult]:
    """The rankings as of `as_of` (cut to the hour in `db`'s zone; None: after the latest
    counted event), all read on one connection.

    `section` filters to a section or subsection (use resolve_section first); `limit` None is
    each definition's default and 'all' every row. Movement compares with the whole ranking of
    24 hours earlier (same definition and section), so an article rising from 12th to 3rd is
    "up 9" even when only 5 rows are shown. The scores of every ranking, now and a day earlier,
    come from one query. `source_group` counts only the views from that traffic source group
    (likes, comments and shares carry no source), and readers are blank (not kept per source).
    `only` keeps the articles of a reporter, a tag and/or an edition (as `newsroom`, the
    config, says who and what they are): movement compares within it too.
    """
    with db.reading() as con:
        return rankings_on(
            con, db, definitions, as_of, section, limit, source_group, only, newsroom
        )


def rankings_on(
    con: Connection,
    db: Database,
    definitions: list[RankingDefinition],
    as_of: datetime | None = None,
    section: str | None = None,
    limit: int | Literal["all"] | None = None,
    source_group: str | None = None,
    only: DimensionFilter | None = None,
    newsroom: Newsroom | None = None,
) -> list[RankingResult]:
    """compute_rankings on a connection of `db` the caller holds: part of a longer read (the
    digest reads its day's figures and rankings from one version of the warehouse)."""
    end = cut_to_hour(as_of, db.zone) if as_of is not None else default_as_of(con, db)
    asked = [(d, hour) for d in definitions for hour in (end, shift(end, MOVEMENT_LAG))]
    kept = None
    if only:
        newsroom = newsroom or Newsroom()
        dimensions.prepare(con, newsroom)
        kept = dimensions.matching_articles(con, newsroom, only)
    scores = _scores(con, asked, section, source_group, kept)
    span = session_key_range(con)
    found = [
        _result(con, d, end, section, limit, scores[2 * i], scores[2 * i + 1], span)
        for i, d in enumerate(definitions)
    ]
    if only:
        found = [replace(r, only=only) for r in found]
    if source_group is None:
        return found
    # Readers are not kept per source: a source-filtered ranking leaves them blank.
    return [replace(r, source_group=source_group, rows=r.rows.assign(readers=pd.NA)) for r in found]


def _result(con, definition, end, section, limit, rows, before, span) -> RankingResult:
    """The ranking's shown rows with readers and movement against `before` (a day earlier)."""
    start = shift(end, definition.window)
    if limit != ALL:
        rows = rows.head(definition.limit if limit is None else limit)
    previous = dict(zip(before["article_id"], before["rank"], strict=True))
    readers = _readers(con, rows["article_id"].tolist(), start, end, span)
    rows = rows.assign(
        title=rows["title"].where(rows["known"], UNKNOWN_TITLE),
        readers=rows["article_id"].map(readers).fillna(0).astype("int64"),
        previous_rank=rows["article_id"].map(previous).astype("Int64"),
    )
    rows["movement"] = [
        movement(r, p) for r, p in zip(rows["rank"], rows["previous_rank"], strict=True)
    ]
    rows["engaged_seconds_per_view"] = engaged_per_view(rows["engaged_ms"], rows["views"])
    rows = rows[COLUMNS + ["previous_rank", "engaged_seconds_per_view"]].reset_index(drop=True)
    return RankingResult(definition, end, start, end, section, rows)
