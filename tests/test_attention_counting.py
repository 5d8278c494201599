"""Issue 22's counting rules on hand-built page views whose figures can be checked by eye: the
largest engaged_ms and scroll_pct of a page view win, capped at 30 minutes; a repeated or late
beacon never counts twice; an engage without its view counts nowhere until the view arrives;
bots count nowhere; late engage events touch only their view's hour; box clicks and the views
they send."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.settings import Settings
from tests.support.inputs import BOT_UA, event, load, query, write_jsonl

T21 = "2025-10-30T21:05:00+09:00"  # site hour 21:00 (Asia/Seoul)
T23 = "2025-10-30T23:10:00+09:00"


def view(event_id: str, pv: str, time: str = T21, article: str = "A1", **extra) -> dict:
    return event(event_id, time=time, article=article, page_view_id=pv, **extra)


def engage(event_id: str, pv: str, ms: int, pct: float, time: str = T21, **extra) -> dict:
    return event(event_id, time=time, kind="engage", page_view_id=pv, engaged_ms=ms,
                 scroll_pct=pct, **extra)  # fmt: skip


FIGURES = """
    SELECT strftime(hour, '%H') AS hour, article_id, sum(engaged_views)::INT,
        sum(engaged_ms)::BIGINT, sum(read_to_end)::INT,
        [sum(scroll_25), sum(scroll_50), sum(scroll_75), sum(scroll_90), sum(scroll_100)]::INT[]
    FROM attention_hourly GROUP BY ALL ORDER BY ALL"""
BUCKETS = """
    SELECT article_id, bucket_s, sum(views)::INT FROM attention_histogram
    GROUP BY ALL HAVING sum(views) <> 0 ORDER BY ALL"""


def test_largest_wins_capped_and_bounces_count_zero(settings, tmp_path):
    records = [
        view("v1", "pv1"),
        engage("g1", "pv1", 5000, 30),
        engage("g2", "pv1", 12000, 60),
        engage("g3", "pv1", 12000, 60),  # the same beacon again, a new event id
        engage("g4", "pv1", 8000, 40),  # an older beacon arriving late
        view("v2", "pv2"),
        engage("g5", "pv2", 40 * 60_000, 100, read_to_end=True),  # 40 min: capped at 30
        view("v3", "pv3"),  # a bounce: no engage, 0 s
        engage("g6", "pv4", 9000, 90),  # its view never arrives
        view("v5", "pv5", user_agent=BOT_UA),
        engage("g7", "pv5", 9000, 90, user_agent=BOT_UA),
    ]
    load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    # 2 engaged views of 3 counted; 12 s + 1800 s; pv1 reached 25 and 50 %, pv2 everything
    assert query(settings, FIGURES) == [("21", "A1", 2, 1_812_000, 1, [2, 2, 1, 1, 1])]
    assert query(settings, BUCKETS) == [("A1", 10, 1), ("A1", 1800, 1)]
    assert query(settings, "SELECT page_view_id FROM page_views WHERE hour IS NULL") == [("pv4",)]


def test_late_engage_updates_only_its_hour_and_a_late_view_brings_its_engage(settings, tmp_path):
    first = [view("v1", "pv1"), engage("g1", "pv1", 5000, 20), view("v9", "pv9", time=T23),
             engage("g2", "pv4", 7000, 80)]  # fmt: skip
    load(settings, write_jsonl(tmp_path / "1.jsonl", first))
    assert query(settings, FIGURES) == [("21", "A1", 1, 5000, 0, [0, 0, 0, 0, 0])]
    rows_before = query(settings, "SELECT count(*) FROM attention_hourly")[0][0]
    second = [engage("g3", "pv1", 20000, 50, time=T23), engage("g1b", "pv1", 5000, 20)]
    load(settings, write_jsonl(tmp_path / "2.jsonl", second))
    added = query(
        settings, "SELECT strftime(hour, '%H') FROM attention_hourly OFFSET $n", {"n": rows_before}
    )
    assert added == [("21",)]  # the view's hour, not the hour the beacon arrived
    assert query(settings, FIGURES) == [("21", "A1", 1, 20000, 0, [1, 1, 0, 0, 0])]
    assert query(settings, BUCKETS) == [("A1", 15, 1)]  # moved from the 5 s bucket to 15 s
    load(settings, write_jsonl(tmp_path / "3.jsonl", [view("v4", "pv4", article="A2")]))
    assert query(settings, FIGURES) == [
        ("21", "A1", 1, 20000, 0, [1, 1, 0, 0, 0]),
        ("21", "A2", 1, 7000, 0, [1, 1, 1, 0, 0]),
    ]


def test_box_impressions_clicks_and_the_views_they_send(settings, tmp_path):
    s = {"session_id": "s1"}
    records = [
        view("v1", "pv1", **s),
        event("w1", kind="widget_view", widget="most_viewed", position=1, **s),
        event("w2", kind="widget_view", widget="most_viewed", position=2, **s),
        event("w3", kind="widget_view", widget="hot_now", position=1, **s),
        event(
            "c1",
            time="2025-10-30T21:06:00+09:00",
            kind="widget_click",
            widget="most_viewed",
            position=2,
            target_article_id="A2",
            **s,
        ),  # fmt: skip
        view("v2", "pv2", time="2025-10-30T21:06:01+09:00", article="A2", **s),
        engage("g2", "pv2", 30000, 100, time="2025-10-30T21:07:00+09:00", **s),
        # the same article opened again by the same reader ten minutes later: not sent by a box
        view("v3", "pv3", time="2025-10-30T21:16:01+09:00", article="A2", **s),
        event("w4", kind="widget_view", widget="most_viewed", position=2, user_agent=BOT_UA),
    ]
    load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    assert query(
        settings,
        """SELECT widget, position, sum(viewable)::INT, sum(clicks)::INT, sum(sent_views)::INT,
            sum(sent_engaged_ms)::INT FROM widget_hourly GROUP BY ALL ORDER BY ALL""",
    ) == [
        ("hot_now", 1, 1, 0, 0, 0),
        ("most_viewed", 1, 1, 0, 0, 0),
        ("most_viewed", 2, 1, 1, 1, 30000),
    ]
    # a later engage of the sent view adds to the box's engaged time
    load(settings, write_jsonl(tmp_path / "2.jsonl", [engage("g3", "pv2", 45000, 100, **s)]))
    assert query(
        settings, "SELECT sum(sent_views)::INT, sum(sent_engaged_ms)::INT FROM widget_hourly"
    ) == [(1, 45000)]


def test_page_views_and_box_clicks_a_window_older_than_the_newest_are_forgotten(settings, tmp_path):
    """Every run keeps [etl] dedupe_days (7) of attention state before the newest page view and
    the newest click, so the state does not grow with history."""
    s = {"session_id": "s1"}
    old, kept = "2025-10-20T21:05:00+09:00", "2025-10-25T21:05:00+09:00"  # 10 and 5 days back
    click = {"kind": "widget_click", "widget": "most_viewed", "position": 1,
             "target_article_id": "A2", **s}  # fmt: skip
    first = [view("v0", "pv0", time=old), engage("g0", "pv0", 4000, 10, time=old),
             view("v1", "pv1", time=kept), event("c0", time=old, **click)]  # fmt: skip
    load(settings, write_jsonl(tmp_path / "1.jsonl", first))
    state = "SELECT page_view_id FROM page_views ORDER BY ALL"
    assert query(settings, state) == [("pv0",), ("pv1",)]  # 5 days apart: both kept
    load(settings, write_jsonl(tmp_path / "2.jsonl", [view("v2", "pv2"), event("c1", **click)]))
    assert query(settings, state) == [("pv1",), ("pv2",)]  # pv0 is 10 days before pv2
    assert query(settings, "SELECT strftime(event_time, '%d') FROM box_clicks") == [("30",)]
    # pv0's engaged time stays counted; a later engage of it finds no view and counts nowhere
    load(settings, write_jsonl(tmp_path / "3.jsonl", [engage("g0b", "pv0", 9000, 50)]))
    assert query(settings, "SELECT sum(engaged_ms)::INT FROM attention_hourly") == [(4000,)]
    assert query(settings, "SELECT page_view_id FROM page_views WHERE hour IS NULL") == [("pv0",)]


# Property: however a page view's beacons are repeated, reordered, split into files and runs,
# the figures are those of each page view's largest values.
BEACONS = [
    view("v1", "pv1"), view("v2", "pv2", article="A2"),
    engage("a", "pv1", 1000, 10), engage("b", "pv1", 6000, 30), engage("c", "pv1", 65000, 75),
    engage("d", "pv2", 2000, 95, read_to_end=True), engage("e", "pv2", 400, 5),
    engage("f", "pv3", 9000, 9),  # no view: counts nowhere
]  # fmt: skip
EXPECTED = [("21", "A1", 1, 65000, 0, [1, 1, 1, 0, 0]), ("21", "A2", 1, 2000, 1, [1, 1, 1, 1, 0])]


@hyp_settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(range(len(BEACONS) * 2)),
    cuts=st.lists(st.integers(1, len(BEACONS) * 2 - 1), max_size=2),
)
def test_order_and_repetition_do_not_matter(tmp_path_factory, order, cuts):
    tmp = tmp_path_factory.mktemp("pieces")
    settings = Settings(db=tmp / "nd.duckdb", inbox=tmp / "in", export_dir=tmp / "x",
                        export_after_etl=False)  # fmt: skip
    copies = BEACONS + [dict(r, event_id=r["event_id"] + "'") for r in BEACONS]
    shuffled = [copies[i] for i in order]
    bounds = [0, *sorted(set(cuts)), len(shuffled)]
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        load(settings, write_jsonl(Path(tmp) / f"p{n}.jsonl", shuffled[a:b]))
    assert query(settings, FIGURES) == EXPECTED
    assert query(settings, BUCKETS) == [("A1", 60, 1), ("A2", 0, 1)]
