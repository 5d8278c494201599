"""Traffic sources out of the sources rollup (`hourly_sources`): the queries of `sql/sources/`.

`compute_sources` is what `newsdash sources`, the sources CSV and the Sources page's tables
call: the views per source group, source or campaign in a window, with the change against the
period of the same length just before. The values are newsdash/sources.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from newsdash.newsroom import Newsroom
from newsdash.rankings import cut_to_hour, shift
from newsdash.sources import SourcesResult, rank_rows
from newsdash.sql import dimensions, store
from newsdash.sql.ranking_queries import default_as_of
from newsdash.sql.store import Connection, Database


def source_totals(
    con: Connection,
    start: datetime,
    end: datetime,
    sections: list[str],
    source_group: str | None = None,
    edition: str | None = None,
) -> pd.DataFrame:
    """source_group, source_name, campaign, views in [start, end), previous_views in the same
    length just before; `edition` keeps that edition's articles (None: all; the connection has
    the temp table article_edition, sql/dimensions.py `prepare_editions`)."""
    previous = shift(start, end - start)
    return store.frame(con, "sources/totals", start=start, end=end, previous_start=previous,
                       sections=sections, source_group=source_group, edition=edition)  # fmt: skip


def compute_sources(
    db: Database,
    level: str = "source",
    as_of: datetime | None = None,
    days: int = 7,
    section: str | None = None,
    source_group: str | None = None,
    limit: int | None = None,
) -> SourcesResult:
    """Views per `level` (group, source or campaign) in the `days` before `as_of` (cut to the
    hour in `db`'s zone; None: after the latest counted event), best first, at most `limit`
    rows (None: all), within `section` (a parent includes its subsections) and `source_group`."""
    with db.reading() as con:
        end = cut_to_hour(as_of, db.zone) if as_of is not None else default_as_of(con, db)
        start = shift(end, timedelta(days=days))
        sections = [section] if section else []
        dimensions.prepare_editions(con, Newsroom())  # every edition: none is asked for
        frame = source_totals(con, start, end, sections, source_group)
    rows = rank_rows(frame, level, limit)
    return SourcesResult(level, start, end, shift(start, end - start), section, source_group, rows)


def article_sources(con: Connection, article_id: str) -> pd.DataFrame:
    """One article's views per source group and name, all time, most first."""
    return store.frame(con, "sources/article", article_id=article_id)
