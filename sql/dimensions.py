"""The newsroom's dimensions read at read time (issue 23): reporters, tags and editions joined to
the hourly rollup, the config (`newsdash.newsroom.Newsroom`: aliases, generic bylines, edition
rules) applied on the reading connection, so neither late metadata nor a config change needs a
re-rollup or a reload.

`prepare` makes the temp tables the queries of `sql/dims/` read (per connection: a reader's
connection is short-lived); `matching_articles` is what filtered rankings restrict to;
`dimension_totals` is the Reporters and Tags pages' and `newsdash authors|tags`' table.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from newsdash import clock
from newsdash.newsroom import DimensionFilter, Newsroom
from newsdash.rankings import RankingError, cut_to_hour, hour_after
from newsdash.sql import store
from newsdash.sql.store import Connection

DIMENSIONS = ("author", "tag", "edition")
TOTAL_COLUMNS = ["articles", "views", "readers", "likes", "comments", "shares"]


def _aliases(newsroom: Newsroom) -> dict[str, list[str]]:
    return {
        "alias_names": [name for name, _ in newsroom.author_aliases],
        "alias_people": [person for _, person in newsroom.author_aliases],
    }


def prepare(con: Connection, newsroom: Newsroom) -> None:
    """The temp tables article_people, tag_names and article_edition on this connection."""
    store.execute(con, "dims/people", generic=list(newsroom.generic_bylines), **_aliases(newsroom))
    store.execute(con, "dims/tag_names")
    prepare_editions(con, newsroom)


def prepare_editions(con: Connection, newsroom: Newsroom) -> None:
    """The temp table article_edition on this connection: what every query restricted to an
    edition ($edition) reads (the dashboard's pages, `newsdash sources`, the digest)."""
    store.execute(
        con,
        "dims/article_edition",
        rule_patterns=[pattern for pattern, _ in newsroom.edition_rules],
        rule_editions=[edition for _, edition in newsroom.edition_rules],
        default_edition=newsroom.default_edition,
    )


def check_edition(newsroom: Newsroom, edition: str | None) -> str | None:
    if edition is None or not edition.strip():
        return None
    code = edition.strip().lower()
    if code not in newsroom.editions:
        raise RankingError(
            f"unknown edition {edition!r}: choose one of {', '.join(newsroom.editions)}"
        )
    return code


def matching_articles(con: Connection, newsroom: Newsroom, only: DimensionFilter) -> list[str]:
    """The article ids `only` keeps (call `prepare` first); RankingError for an author or tag
    no article has, naming the problem."""
    found = [
        article_id
        for (article_id,) in store.rows(
            con,
            "dims/matching_articles",
            author=only.author,
            tag=only.tag,
            edition=check_edition(newsroom, only.edition),
            **_aliases(newsroom),
        )
    ]
    for kind, value in (("author", only.author), ("tag", only.tag)):
        if value is not None and not _any_with(con, newsroom, kind, value):
            raise RankingError(f"no article has the {kind} {value!r}")
    return found


def _any_with(con: Connection, newsroom: Newsroom, kind: str, value: str) -> bool:
    one = DimensionFilter(**{kind: value})
    rows = store.rows(
        con,
        "dims/matching_articles",
        author=one.author,
        tag=one.tag,
        edition=None,
        **_aliases(newsroom),
    )
    return bool(rows)


def totals_on(
    con: Connection,
    dimension: str,
    start: datetime,
    end: datetime,
    edition: str | None = None,
) -> pd.DataFrame:
    """dims/dimension_totals on a prepared connection: key, name and TOTAL_COLUMNS."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}")
    return store.frame(
        con,
        "dims/dimension_totals",
        dimension=dimension,
        window_start=start,
        window_end=end,
        edition=edition,
    )


def dimension_totals(
    db: store.Database,
    newsroom: Newsroom,
    dimension: str,
    end: datetime | None,
    days: int,
    edition: str | None = None,
) -> tuple[datetime, pd.DataFrame]:
    """Each reporter (tag, edition) of the `days` days before `end` (cut to the hour; None:
    after the latest counted event) with TOTAL_COLUMNS, and the change in views against the
    `days` before that (`views_before`, `views_change`: a ratio, None when there were none);
    and the end used."""
    code = check_edition(newsroom, edition)
    with db.reading() as con:
        if end is None:  # as the rankings: the hour after the latest counted event
            end = hour_after(store.scalar(con, "rank/latest_hour"), clock.now(), db.zone)
        end = cut_to_hour(end, db.zone)
        start = end - timedelta(days=days)
        prepare(con, newsroom)
        now = totals_on(con, dimension, start, end, code)
        before = totals_on(con, dimension, start - timedelta(days=days), start, code)
    previous = dict(zip(before["key"], before["views"], strict=True))
    now["views_before"] = now["key"].map(previous).fillna(0).astype("int64")
    now["views_change"] = [
        (v - b) / b if b else None for v, b in zip(now["views"], now["views_before"], strict=True)
    ]
    return end, now.reset_index(drop=True)


def member_frames(
    db: store.Database,
    newsroom: Newsroom,
    dimension: str,
    key: str,
    start: datetime,
    end: datetime,
    edition: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One reporter's (person_key) or tag's (tag_key) articles of the window with their counts,
    reporters and tags, and their views per day."""
    params = dict(dimension=dimension, key=key, window_start=start, window_end=end,
                  edition=check_edition(newsroom, edition))  # fmt: skip
    with db.reading() as con:
        prepare(con, newsroom)
        articles = store.frame(con, "dims/member_articles", **params)
        trend = store.frame(con, "dims/member_trend", **params)
    return articles, trend


def translations(db: store.Database, newsroom: Newsroom, article_id: str) -> pd.DataFrame:
    """An article and its other-language versions (translation_of either way), `mine` first."""
    with db.reading() as con:
        prepare(con, newsroom)
        return store.frame(con, "dims/translations", article_id=article_id)
