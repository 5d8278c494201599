"""Traffic sources through the real load (issue 17): every view of a hand-built file lands in the
class written next to it, hostile referrers are 'other', and the sources rollup sums to the
views of every article and hour however the events arrive.

The classifier itself (its rules, its two paths) is tests/test_sources.py; here the events go
through `newsdash etl`'s own code into a real DuckDB file and are read back independently.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.settings import Settings
from newsdash.sql import store
from tests.support.inputs import BOT_UA, event, load, query, write_jsonl
from tests.test_sources import CASES, HOSTILE, KAKAO_UA

SITE_PAGE = "https://www.example-news.test/news/view.php?idx=1"

# Each accepted event (the lake's events) with its source key's row of source_map, as the load
# classified it; a key not classified is 'other'.
EVENT_SOURCES = (
    "(SELECT e.*, coalesce(m.source_group, 'other') AS source_group, "
    "coalesce(m.source_name, '(unclassified)') AS source_name, m.campaign "
    "FROM events AS e LEFT JOIN source_map AS m ON m.key_hash = e.source_key)"
)


def settings_in(tmp: Path) -> Settings:
    return Settings(
        db=tmp / "nd.duckdb", inbox=tmp / "inbox", export_dir=tmp / "x", export_after_etl=False
    )


def case_events() -> list[dict]:
    """One view per hand-built case (tests/data/sources_cases.csv), a minute apart."""
    records = []
    for i, case in enumerate(CASES):
        extra = {k: case[k] for k in ("referrer", "url", "user_agent") if case[k]}
        time = f"2025-10-30T{10 + i // 60:02d}:{i % 60:02d}:00+09:00"
        records.append(event(f"c{i}", time=time, article=f"A{i % 3}", **extra))
    return records


@pytest.fixture(scope="module")
def loaded_cases(tmp_path_factory) -> Settings:
    tmp = tmp_path_factory.mktemp("cases")
    settings = settings_in(tmp)
    hostile = [event(f"h{i}", referrer=r) for i, r in enumerate(HOSTILE)]
    not_counted = [
        event("bot1", referrer="https://search.naver.com/", user_agent=BOT_UA),
        event("like1", kind="like", referrer="https://search.naver.com/"),
    ]
    load(settings, write_jsonl(tmp / "events.jsonl", case_events() + hostile + not_counted))
    return settings


def test_every_view_of_the_hand_built_file_is_stored_in_its_class(loaded_cases):
    stored = {
        event_id: (group, name, campaign)
        for event_id, group, name, campaign in query(
            loaded_cases,
            "SELECT event_id, source_group, source_name, campaign FROM "
            + EVENT_SOURCES
            + " WHERE event_id LIKE 'c%'",
        )
    }
    expected = {
        f"c{i}": (case["group"], case["name"], case["campaign"] or None)
        for i, case in enumerate(CASES)
    }
    assert stored == expected


def test_the_sources_rollup_counts_each_class_as_an_independent_count_does(loaded_cases):
    by_eye = Counter((case["group"], case["name"]) for case in CASES)
    rolled = Counter(
        {
            (group, name): views
            for group, name, views in query(
                loaded_cases,
                "SELECT source_group, source_name, sum(views)::INTEGER FROM hourly_sources"
                " GROUP BY ALL",
            )
        }
    )
    hostile = query(loaded_cases, "SELECT count(*) FROM events WHERE event_id LIKE 'h%'")[0][0]
    assert by_eye - rolled == Counter()  # every hand-built class, as counted by eye
    beyond = rolled - by_eye  # the hostile referrers, and nothing else (no bot, no like)
    assert {group for group, _ in beyond} == {"other"}
    assert sum(beyond.values()) == hostile


def test_hostile_referrers_are_other_or_rejected_never_lost(loaded_cases):
    classes = query(
        loaded_cases,
        "SELECT DISTINCT source_group FROM " + EVENT_SOURCES + " WHERE event_id LIKE 'h%'",
    )
    assert classes == [("other",)]
    loaded = query(loaded_cases, "SELECT count(*) FROM events WHERE event_id LIKE 'h%'")[0][0]
    rejected = query(loaded_cases, "SELECT count(*) FROM rejected WHERE raw LIKE '%\"h%'")[0][0]
    assert loaded + rejected == len(HOSTILE)
    assert rejected <= 3  # only the 5,000-character ones are over [limits.chars] referrer


def test_utm_campaigns_and_in_app_browsers_are_stored_with_the_view(tmp_path):
    settings = settings_in(tmp_path)
    page = SITE_PAGE + "&utm_source=Newsletter&utm_medium=email&utm_campaign=%EC%B6%94%EC%84%9D"
    records = [
        event("u1", url=page),
        event("u2", url=page, referrer="https://search.naver.com/"),  # UTM wins
        event("k1", user_agent=KAKAO_UA),
        event("k2", user_agent=KAKAO_UA, referrer="https://t.co/x"),  # a referrer wins
    ]
    load(settings, write_jsonl(tmp_path / "events.jsonl", records))
    rows = query(settings, "SELECT source_group, source_name, campaign, views FROM hourly_sources"
                 " ORDER BY ALL")  # fmt: skip
    assert rows == [
        ("campaign", "newsletter", "추석", 2),
        ("messenger", "KakaoTalk", None, 1),
        ("social", "X", None, 1),
    ]


def test_a_key_seen_in_an_earlier_run_is_not_classified_again(tmp_path):
    settings = settings_in(tmp_path)
    first = [event("a1", referrer="https://search.daum.net/search?q=1")]
    second = [event("a2", referrer="https://search.daum.net/search?q=2"),
              event("a3", referrer="https://www.google.co.kr/")]  # fmt: skip
    load(settings, write_jsonl(tmp_path / "one.jsonl", first))
    load(settings, write_jsonl(tmp_path / "two.jsonl", second))
    assert query(settings, "SELECT count(*) FROM source_map") == [(2,)]
    assert query(
        settings,
        "SELECT source_name, sum(views)::INTEGER FROM hourly_sources GROUP BY 1 ORDER BY 1",
    ) == [("Daum", 2), ("Google", 1)]


def test_a_config_file_reclasses_a_host_for_the_load(tmp_path):
    config = tmp_path / "newsdash.toml"
    config.write_text('[sources.hosts]\n"t.co" = ["messenger", "Tco"]\n', encoding="utf-8")
    from newsdash.settings import load_settings

    settings = load_settings(config, env={"NEWSDASH_DB": str(tmp_path / "nd.duckdb")})
    load(settings, write_jsonl(tmp_path / "events.jsonl", [event("t1", referrer="https://t.co/")]))
    rows = query(settings, "SELECT source_group, source_name FROM hourly_sources")
    assert rows == [("messenger", "Tco")]


def test_views_counted_before_schema_7_stay_one_source_of_their_own(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("SET TimeZone = 'Asia/Seoul'")
    for version, stem in store.migrations():
        if version == 7:
            con.execute("INSERT INTO hourly VALUES ('2025-10-30 21:00+09', 'A1', 'view', NULL, 5),"
                        " ('2025-10-30 21:00+09', 'A1', 'like', NULL, 2)")  # fmt: skip
        con.execute(store.query_text(f"schema/{stem}"))
    assert con.execute(
        "SELECT source_group, source_name, views FROM hourly_sources"
    ).fetchall() == [("other", "(loaded before sources)", 5)]


# --- the sum invariant -----------------------------------------------------------------------

REFERRERS = [c["referrer"] or None for c in CASES[:20]] + HOSTILE[:8] + [None]
EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["A1", "A2", "A3"]),
        st.integers(0, 5),  # hour of 2025-10-30, UTC
        st.integers(0, 59),
        st.sampled_from(["view", "view", "view", "like", "comment"]),
        st.sampled_from(REFERRERS),
        st.sampled_from([None, SITE_PAGE + "&utm_source=kakao&utm_medium=cpc&utm_campaign=x"]),
        st.sampled_from([None, KAKAO_UA, BOT_UA]),
    ),
    min_size=1,
    max_size=40,
)


@hyp_settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=EVENTS, cut=st.integers(0, 40))
def test_sources_sum_to_the_views_of_every_article_and_hour(tmp_path_factory, rows, cut):
    tmp = tmp_path_factory.mktemp("sum")
    settings = settings_in(tmp)
    records = []
    for i, (article, hour, minute, kind, referrer, url, agent) in enumerate(rows):
        extra = {"referrer": referrer, "url": url, "user_agent": agent}
        extra = {k: v for k, v in extra.items() if v is not None}
        when = f"2025-10-30T{hour:02d}:{minute:02d}:00Z"
        records.append(event(f"e{i}", time=when, kind=kind, article=article, **extra))
    cut = min(cut, len(records))
    for n, part in enumerate((records[:cut], records[cut:])):  # two runs
        if part:
            load(settings, write_jsonl(tmp / f"part{n}.jsonl", part))
    views = query(settings, "SELECT article_id, hour, events FROM hourly"
                  " WHERE event_type = 'view' ORDER BY ALL")  # fmt: skip
    sources = query(settings, "SELECT article_id, hour, sum(views) FROM hourly_sources"
                    " GROUP BY ALL ORDER BY ALL")  # fmt: skip
    counted = Counter(
        (a, h) for a, h, _, kind, _, _, agent in rows if kind == "view" and agent != BOT_UA
    )
    assert [(a, v) for a, _, v in sources] == [(a, v) for a, _, v in views]
    assert sum(v for _, _, v in sources) == sum(counted.values())
    assert len(list(itertools.chain(sources))) == len(views)
