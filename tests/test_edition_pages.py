"""Issue 23: the edition choice (All / 한국어 / English) applies on every traffic page. A hand-built
warehouse: one Korean article (K, Business: 3 views, 1 like, 1 KakaoTalk share), one English
article (E, World: 2 views, 1 comment, 1 Facebook share) and one article without metadata (U:
1 view, in no edition), all read 5 minutes before the suite's clock; each page's data function
gives, per edition, the count by eye. Boxes and Data health are about the whole site."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from newsdash import clock
from newsdash.dashboard import attention_data, data, live_data, source_data
from newsdash.dashboard.filters import Filters
from newsdash.settings import RisingRule
from tests.support.inputs import event, load, write_csv, write_jsonl
from tests.support.sample import settings_for

HEADER = ["article_id", "title", "section", "edition", "published_at"]
NAVER = "https://search.naver.com/search.naver?query=x"
GOOGLE = "https://www.google.com/"
# edition -> what is counted by eye; None: every edition (U, without metadata, is only there)
VIEWS = {"ko": 3, "en": 2, None: 6}
LIKES = {"ko": 1, "en": 0, None: 1}
COMMENTS = {"ko": 0, "en": 1, None: 1}
SHARES = {"ko": 1, "en": 1, None: 2}
TOP = {"ko": ["K"], "en": ["E"], None: ["K", "E", "U"]}
CHANNELS = {"ko": {"kakaotalk": 1}, "en": {"facebook": 1}, None: {"kakaotalk": 1, "facebook": 1}}
SECTIONS = {"ko": {"Business": 3}, "en": {"World": 2}, None: {"Business": 3, "World": 2,
                                                              "(unknown article)": 1}}  # fmt: skip
EDITIONS = ["ko", "en", None]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("editions")
    now = clock.now()
    at = (now - timedelta(minutes=5)).isoformat()
    published = (now - timedelta(hours=3)).isoformat()
    articles = write_csv(tmp / "inbox" / "articles.csv", HEADER, [
        ["K", "삼성 반도체", "Business", "ko", published],
        ["E", "Samsung chips", "World", "en", published],
    ])  # fmt: skip
    events = (
        [event(f"k{i}", at, "view", "K", session_id=f"k{i}", referrer=NAVER) for i in range(3)]
        + [event("k-like", at, "like", "K", session_id="k0")]
        + [event("k-share", at, "share", "K", session_id="k0", channel="kakaotalk")]
        + [event(f"e{i}", at, "view", "E", session_id=f"e{i}", referrer=GOOGLE) for i in range(2)]
        + [event("e-comment", at, "comment", "E", session_id="e0")]
        + [event("e-share", at, "share", "E", session_id="e0", channel="facebook")]
        + [event("u0", at, "view", "U", session_id="u0")]
    )
    settings = settings_for(tmp / "nd.duckdb", tmp / "inbox")
    result = load(settings, articles, write_jsonl(tmp / "inbox" / "events.jsonl", events))
    assert result.status == "ok", result.message
    zone = settings.zone
    day = now.astimezone(zone).date()
    return data.source(settings), Filters(day - timedelta(days=1), day, (), "hour", "Custom", zone)


def only(f: Filters, edition: str | None) -> Filters:
    return replace(f, edition=edition)


def summed(frame, by: str, value: str) -> dict:
    return frame.groupby(by)[value].sum().astype(int).to_dict()


@pytest.mark.parametrize("edition", EDITIONS)
def test_overview_per_edition(warehouse, edition):
    src, f = warehouse
    f = only(f, edition)
    bounds = data.bounds(src)
    kpis = data.kpis(src, f, bounds).set_index("metric")["value"].to_dict()
    assert kpis == {"views": VIEWS[edition], "readers": VIEWS[edition], "likes": LIKES[edition],
                    "comments": COMMENTS[edition], "shares": SHARES[edition]}  # fmt: skip
    traffic = summed(data.traffic(src, f), "event_type", "events")
    assert traffic.get("view") == VIEWS[edition] and traffic.get("share") == SHARES[edition]
    assert data.top_articles(src, f)["article_id"].tolist() == TOP[edition]
    as_of = bounds.last_hour + timedelta(hours=1)
    rule = RisingRule(recent_hours=3, baseline_days=7, min_views=1, min_lift=1.0, limit=10)
    assert sorted(data.rising(src, f, as_of, rule)["article_id"]) == sorted(TOP[edition])


@pytest.mark.parametrize("edition", EDITIONS)
def test_sections_per_edition(warehouse, edition):
    src, f = warehouse
    f = only(f, edition)
    assert (
        summed(data.traffic(src, f).query("event_type == 'view'"), "section", "events")
        == (SECTIONS[edition])
    )
    readers = data.section_readers(src, f).set_index("section")["readers"].to_dict()
    assert readers == SECTIONS[edition]  # one reader a view here
    assert int(data.heatmap(src, f)["views"].sum()) == VIEWS[edition]
    assert int(data.content_age(src, f)["views"].sum()) == VIEWS[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_channels_per_edition(warehouse, edition):
    src, f = warehouse
    f = only(f, edition)
    assert summed(data.channels(src, f), "channel", "shares") == CHANNELS[edition]
    assert summed(data.top_shared(src, f), "channel", "shares") == CHANNELS[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_sources_per_edition(warehouse, edition):
    src, f = warehouse
    f = only(f, edition)
    assert int(source_data.totals(src, f)["views"].sum()) == VIEWS[edition]
    assert int(source_data.over_time(src, f)["views"].sum()) == VIEWS[edition]
    assert summed(source_data.by_section(src, f), "section", "views") == SECTIONS[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_live_per_edition(warehouse, edition):
    src, _f = warehouse
    settings = settings_for(src.db.path, src.db.path.parent / "inbox")
    live = live_data.live(src, settings, live_data.windows(clock.now()), edition)
    assert live.totals == {"views": VIEWS[edition], "likes": LIKES[edition],
                           "comments": COMMENTS[edition], "shares": SHARES[edition]}  # fmt: skip
    assert int(live.per_minute["views"].sum()) == VIEWS[edition]
    assert live.top["article_id"].tolist() == TOP[edition]
    assert (
        dict(zip(live.channels["channel"], live.channels["shares"], strict=True))
        == (CHANNELS[edition])
    )
    hot = set(live.hot.rows["article_id"])
    assert hot == set(TOP[edition]) - {"U"}  # Hot Issue: published inside its window only


def test_boxes_compare_with_the_whole_site(warehouse):
    """The boxes' rollup keeps no article: their recirculation rate divides by every view."""
    src, f = warehouse
    assert attention_data.all_views(src, only(f, "en")) == VIEWS[None]
