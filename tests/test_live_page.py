"""The Live page and the minute rollup behind it: the last 30 minutes, the last hour and Hot
Issue as of the product's clock, from rollups (never raw events), with the data's age; the
minute rollup keeps two days. A small warehouse built by the real ETL, numbers checked by eye."""

from __future__ import annotations

import base64
import json
import shutil
from datetime import timedelta
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from newsdash.dashboard import live_data
from newsdash.etl import lake
from tests.support.inputs import BOT_UA, event, load, query, write_articles, write_jsonl
from tests.support.sample import APP, settings_for

pytestmark = pytest.mark.clock


def iso(t) -> str:
    return t.isoformat()


@pytest.fixture
def live_db(tmp_path, now):
    """Minutes before `now` (the suite's clock): A1 read 3 + 2 times in the last 30 minutes
    and 4 times 40 minutes ago, liked once, shared to KakaoTalk 10 minutes ago and to Facebook
    50 minutes ago (both in the last hour), to X 70 minutes ago (not); A2 read once; a bot's
    view and an event three days old count nowhere on the page."""
    ago = lambda minutes: iso(now - timedelta(minutes=minutes))  # noqa: E731
    events = (
        [event(f"v1-{i}", ago(1), "view", "A1") for i in range(3)]
        + [event(f"v5-{i}", ago(5), "view", "A1") for i in range(2)]
        + [event(f"v40-{i}", ago(40), "view", "A1") for i in range(4)]
        + [event("v-a2", ago(7), "view", "A2"), event("l1", ago(2), "like", "A1")]
        + [event("s-k", ago(10), "share", "A1", channel="kakaotalk")]
        + [event("s-f", ago(50), "share", "A1", channel="facebook")]
        + [event("s-x", ago(70), "share", "A1", channel="x")]
        + [event("bot", ago(3), "view", "A2", user_agent=BOT_UA)]
        + [event("old", ago(3 * 24 * 60), "view", "A2")]
    )
    settings = settings_for(tmp_path / "db" / "nd.duckdb", tmp_path / "inbox")
    published = iso(now - timedelta(hours=3))
    articles = write_articles(tmp_path / "inbox" / "articles.csv", [
        {"article_id": "A1", "title": "Alpha rises", "section": "ICT", "published_at": published},
        {"article_id": "A2", "title": "Beta", "section": "World", "published_at": published},
    ])  # fmt: skip
    result = load(settings, articles, write_jsonl(tmp_path / "inbox" / "events_1.jsonl", events))
    assert result.status == "ok", result.message
    return settings


def test_the_minute_rollup_counts_the_last_two_days_and_no_bot(live_db, now):
    rows = query(
        live_db, "SELECT event_type, channel, sum(events) FROM minutely GROUP BY ALL ORDER BY ALL"
    )
    assert rows == [("like", None, 1), ("share", "facebook", 1), ("share", "kakaotalk", 1),
                    ("share", "x", 1), ("view", None, 10)]  # fmt: skip
    [(minute, events)] = query(
        live_db, "SELECT minute, events FROM minutely WHERE event_type = 'like'"
    )
    assert minute == (now - timedelta(minutes=2)).replace(second=0, microsecond=0)
    assert events == 1


def test_every_run_trims_the_minute_rollup_to_two_days(live_db, now, monkeypatch):
    later = now + timedelta(days=2, minutes=-30)  # two days back from it: 30 minutes before now
    monkeypatch.setenv("NEWSDASH_NOW", iso(later))
    assert load(live_db).status == "ok"  # a run with nothing new
    rows = query(live_db, "SELECT event_type, sum(events) FROM minutely GROUP BY ALL ORDER BY ALL")
    assert rows == [("like", 1), ("share", 1), ("view", 6)], "only the last two days stay"
    assert query(live_db, "SELECT count(*) FROM events")[0][0] == 16, "raw events stay"


def test_the_live_figures_as_of_now(live_db, now):
    src = live_data.data.source(live_db)
    live = live_data.live(src, live_db, live_data.windows(now))
    assert live.totals == {"views": 6, "likes": 1, "comments": 0, "shares": 1}
    per_minute = live.per_minute
    assert len(per_minute) == 30 and per_minute["views"].sum() == 6
    assert per_minute["views"].iloc[-2] == 3, "the minute before now's"
    assert list(live.top["article_id"]) == ["A1", "A2"]
    assert live.top.iloc[0][["title", "views", "likes", "shares"]].tolist() == [
        "Alpha rises",
        5,
        1,
        1,
    ]
    assert dict(zip(live.channels["channel"], live.channels["shares"], strict=True)) == {
        "facebook": 1, "kakaotalk": 1}  # fmt: skip
    assert live.hot.rows["article_id"].tolist()[:2] == ["A1", "A2"]
    assert live.hot.window_end - now < timedelta(hours=1) and live.hot.window_end > now
    assert live.freshness["last_event"] == now - timedelta(minutes=1)
    assert live.freshness["last_run_status"] == "ok"


def test_the_live_figures_come_from_rollups_never_raw_events(live_db, now, tmp_path):
    copy = settings_for(tmp_path / "copy" / "nd.duckdb", live_db.inbox)
    copy.db.parent.mkdir()
    shutil.copyfile(live_db.db, copy.db)
    # The copy has no lake beside it (raw events live there, issue 14), and no landing table.
    assert lake.lake_root(live_db.db).exists() and not lake.lake_root(copy.db).exists()
    con = duckdb.connect(str(copy.db))
    con.execute("DROP TABLE landed_events")
    con.close()
    live = live_data.live(live_data.data.source(copy), copy, live_data.windows(now))
    assert live.totals["views"] == 6 and len(live.hot.rows) == 2


def plotted(values) -> list:
    """A plotly array as sent to the browser: a list, or typed binary data."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return values


def open_live(monkeypatch, settings) -> AppTest:
    monkeypatch.setenv("NEWSDASH_DB", str(settings.db))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("page_scripts/live.py").run()
    return at


def test_the_live_page_shows_the_last_minutes_and_their_age(monkeypatch, live_db, now):
    at = open_live(monkeypatch, live_db)
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    assert at.title[0].value == "Live"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Views, last 30 min"] == "6" and tiles["Shares, last 30 min"] == "1"
    assert tiles["Likes, last 30 min"] == "1"
    caption = "\n".join(c.value for c in at.caption)
    seoul = ZoneInfo("Asia/Seoul")  # the suite's clock, in site time
    assert f"As of {now.astimezone(seoul):%H:%M:%S} KST" in caption, caption
    newest = (now - timedelta(minutes=1)).astimezone(seoul)
    assert f"newest event {newest:%H:%M:%S} (60 s old)" in caption, caption
    assert "last ETL run" in caption and "ok)" in caption
    tables = [d.value for d in at.dataframe]
    top = next(t for t in tables if "article_id" in t.columns)
    assert top["title"].tolist() == ["Alpha rises", "Beta"]
    shares = next(t for t in tables if list(t.columns) == ["channel", "shares"])
    assert dict(zip(shares["channel"], shares["shares"], strict=True)) == {
        "Facebook": 1, "KakaoTalk": 1}  # fmt: skip
    specs = [json.loads(c.proto.spec) for c in at.main.get("plotly_chart")]
    assert sum(plotted(specs[0]["data"][0]["y"])) == 6, "views per minute"
    assert not at.warning, "the last run was a minute ago"


def test_the_live_page_explains_an_empty_database(monkeypatch, tmp_path):
    at = open_live(monkeypatch, settings_for(tmp_path / "none" / "nd.duckdb", tmp_path))
    assert not at.exception
    assert any("No data has been loaded yet" in i.value for i in at.info)
