"""On generated traffic, every ranking computed from the hourly rollup equals the same ranking
computed here, in plain Python, straight from the raw events (bots, duplicates and rejected
records included in the input, so the ETL's counting rules are exercised too)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.etl.generate import generate
from newsdash.exports import ranking_for
from newsdash.rankings import RankingDefinition
from newsdash.settings import Settings
from newsdash.sql.ranking_queries import compute_rankings
from newsdash.sql.store import published
from tests.support.inputs import load, query

TYPES = {"view": "views", "like": "likes", "comment": "comments", "share": "shares"}
OLDEST = datetime.min.replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("generated")
    generate(tmp / "inbox", events=4000, days=10, seed=7)
    settings = Settings(db=tmp / "nd.duckdb", inbox=tmp / "inbox", export_dir=tmp / "exports")
    load(settings, *sorted((tmp / "inbox").iterdir()))
    raw = query(settings, "SELECT article_id, event_type, session_id, event_time FROM events "
                          "WHERE NOT is_bot")  # fmt: skip
    articles = dict(query(settings, "SELECT article_id, published_at FROM articles"))
    sections = {
        a: {s, sub}
        for a, s, sub in query(settings, "SELECT article_id, section, subsection FROM articles")
    }
    return settings, raw, articles, sections


def independent_ranking(raw, articles, sections, d: RankingDefinition, end: datetime, section):
    """[(article_id, counts)] best first, by the brief's rules, without the product's SQL."""
    tz = ZoneInfo("Asia/Seoul")
    start = end - timedelta(hours=d.window_hours)
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(float, readers=set()))
    for article_id, kind, session, t in raw:
        if not start <= t < end:
            continue
        c = counts[article_id]
        c[TYPES[kind]] += 1
        if kind == "view" and session is not None:
            c["readers"].add(session)
        hour = t.astimezone(tz).replace(minute=0, second=0, microsecond=0)
        age = (end - hour).total_seconds() / 3600
        decay = 0.5 ** (age / d.half_life_hours) if d.half_life_hours else 1.0
        c["score"] += d.weights[TYPES[kind]] * decay

    def eligible(article_id: str) -> bool:
        published = articles.get(article_id)
        if d.eligible == "published_in_window" and not (published and start <= published < end):
            return False
        return section is None or section in sections.get(article_id, ())

    def key(article_id: str):
        c, published = counts[article_id], articles.get(article_id) or OLDEST
        return (-round(c["score"], 6), -c["views"], -published.timestamp(), article_id)

    ids = sorted((a for a in counts if counts[a]["score"] > 0 and eligible(a)), key=key)
    return [(a, counts[a]) for a in ids]


def expected_movement(rank: int, before: dict[str, int], article_id: str) -> str:
    if article_id not in before:
        return "new"
    was = before[article_id]
    return "same" if was == rank else f"up {was - rank}" if was > rank else f"down {rank - was}"


@pytest.mark.parametrize("as_of", [None, "2025-10-27T15:30:00+09:00"])
@pytest.mark.parametrize("section", [None, "Column"])
def test_each_ranking_equals_an_independent_count_of_raw_events(warehouse, as_of, section):
    settings, raw, articles, sections = warehouse
    for definition in settings.rankings:
        if definition.weights["engaged_minutes"]:
            continue  # the generated traffic has no engage events: tests/test_attention_figures.py
        name = definition.name
        result = ranking_for(settings, name, as_of, section=section, limit="all")
        end = result.as_of
        if as_of is None:  # the hour after the latest counted event
            latest = max(t for *_, t in raw).astimezone(end.tzinfo)
            assert end == latest.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        expected = independent_ranking(raw, articles, sections, definition, end, section)
        earlier = independent_ranking(
            raw, articles, sections, definition, end - timedelta(hours=24), section
        )
        before = {a: i + 1 for i, (a, _) in enumerate(earlier)}
        rows = result.rows
        enough = 10 if section is None else 1
        assert len(expected) >= enough, f"{name}: too few ranked articles to mean anything"
        assert rows["article_id"].tolist() == [a for a, _ in expected], name
        assert rows["rank"].tolist() == list(range(1, len(expected) + 1))
        for row, (article_id, c) in zip(rows.itertuples(), expected, strict=True):
            got = (row.views, row.likes, row.comments, row.shares, row.readers)
            want = (c["views"], c["likes"], c["comments"], c["shares"], len(c["readers"]))
            assert got == want, (name, article_id)
            assert row.score == pytest.approx(c["score"], abs=1e-6), (name, article_id)
            assert row.movement == expected_movement(row.rank, before, article_id)


# A ranking of any window length (hours), with or without time decay, asked with others.
WINDOWS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 400), st.sampled_from([None, 6.0, 30.0])),
    min_size=1, max_size=3,
)  # fmt: skip


@hyp_settings(max_examples=5)
@given(asked=WINDOWS, back=st.integers(0, 200))
def test_rankings_asked_together_equal_each_asked_alone(warehouse, asked, back):
    """rank/scores sums each hourly row once per segment between the asked windows' bounds: any
    mix of overlapping, nested, equal or empty windows gives each ranking exactly the rows it
    gets alone (counts, scores, ranks, readers, movement)."""
    settings, raw, *_ = warehouse
    definitions = [
        replace(settings.rankings[i], name=f"r{n}", window_hours=hours, half_life_hours=half_life)
        for n, (i, hours, half_life) in enumerate(asked)
    ]
    latest = max(t for *_, t in raw)
    as_of = latest - timedelta(hours=back)
    db = published(settings)
    together = compute_rankings(db, definitions, as_of, limit="all")
    for definition, result in zip(definitions, together, strict=True):
        (alone,) = compute_rankings(db, [definition], as_of, limit="all")
        assert plain(result.rows) == plain(alone.rows), definition


def plain(rows: pd.DataFrame) -> list[dict]:
    """The rows as plain values, every missing value None: a column's dtype depends on which
    rows a query returned (all NULL, or none at all), not on what they say."""
    return rows.astype(object).where(rows.notna(), None).to_dict("records")
