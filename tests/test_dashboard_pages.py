"""Every dashboard page through Streamlit's AppTest, on the sample warehouse and on empty ones:
it renders without an exception, and the numbers it shows follow the filters (checked
against plain SQL on the events table, not the dashboard's own queries)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from newsdash.dashboard import data
from newsdash.etl.run import run_etl
from tests.support.inputs import event, load, write_articles, write_jsonl
from tests.support.sample import (
    APP,
    CHART_PAGES,
    PAGE_FILES,
    PAGES,
    counted,
    distinct_readers,
    last_day,
    private_copy,
    settings_for,
    sql,
)

SEOUL = ZoneInfo("Asia/Seoul")


def open_app(monkeypatch, settings, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("NEWSDASH_DB", str(settings.db))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page and page != "overview":
        at.switch_page(PAGE_FILES[page]).run()
    return at


def window(first, last):
    return datetime.combine(first, time(), SEOUL), datetime.combine(
        last + timedelta(1), time(), SEOUL
    )


def kpi(at: AppTest, label: str) -> int:
    [metric] = [m for m in at.metric if m.label == label]
    return int(metric.value.replace(",", ""))


def caption_text(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def charts(at: AppTest) -> list[dict]:
    """The plotly figures on the page (AppTest shows them as unknown elements)."""
    found = []
    for element in at.main.get("plotly_chart"):
        found.append(json.loads(element.proto.spec))
    return found


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(monkeypatch, sample, page):
    at = open_app(monkeypatch, sample, page)
    assert_clean(at)
    assert at.title, "every page has a title"
    if page in CHART_PAGES:
        assert charts(at), f"{page} shows at least one chart"
    if page not in ("live", "boxes"):  # the sample has no recent event and no box impression:
        assert at.get("download_button"), f"{page}'s tables can be downloaded"  # see their tests


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_database(monkeypatch, tmp_path, page):
    at = open_app(monkeypatch, settings_for(tmp_path / "none" / "nd.duckdb", tmp_path), page)
    assert_clean(at)
    assert any("No data has been loaded yet" in i.value for i in at.info)
    assert "newsdash demo" in at.info[0].value


@pytest.mark.parametrize("page", ["overview", "health"])
def test_a_database_without_counted_events_is_explained(monkeypatch, tmp_path, page):
    settings = settings_for(tmp_path / "db" / "nd.duckdb", tmp_path)
    load(settings, write_articles(tmp_path / "articles.csv", [{"article_id": "A1", "title": "t"}]))
    at = open_app(monkeypatch, settings, page)
    assert_clean(at)
    if page == "overview":
        assert "No counted events yet" in at.info[0].value
    else:
        assert at.dataframe, "the runs are listed even with nothing counted"


def test_kpis_follow_the_period_and_section(monkeypatch, sample):
    end = last_day(sample)
    at = open_app(monkeypatch, sample)
    week = window(end - timedelta(6), end)
    assert kpi(at, "Views") == counted(sample, "view", *week)
    assert kpi(at, "Readers") == distinct_readers(sample, *week)
    assert kpi(at, "Shares") == counted(sample, "share", *week)
    previous = counted(sample, "view", *window(end - timedelta(13), end - timedelta(7)))
    assert f"Previous 7 days: {previous:,}" in caption_text(at)

    at.sidebar.selectbox(key="period").set_value("Yesterday").run()
    assert kpi(at, "Views") == counted(sample, "view", *window(end, end))

    at.sidebar.multiselect(key="sections").set_value(["ICT"]).run()
    assert_clean(at)
    assert kpi(at, "Views") == counted(sample, "view", *window(end, end), section="ICT")
    assert "ICT" in at.caption[0].value


def test_granularity_changes_the_time_buckets(monkeypatch, sample):
    at = open_app(monkeypatch, sample, period="Last 30 days")
    at.sidebar.radio(key="grain").set_value("week").run()
    timeline = charts(at)[0]
    xs = [datetime.fromisoformat(x) for x in timeline["data"][0]["x"]]
    assert all(x.weekday() == 0 and x.hour == 0 for x in xs), "weeks start on Monday, site time"
    at.sidebar.radio(key="grain").set_value("hour").run()
    end = last_day(sample)
    hours = sql(sample, "SELECT count(DISTINCT hour) FROM hourly WHERE event_type = 'view' "
                        "AND hour >= $start", start=window(end - timedelta(29), end)[0])[0][0]  # fmt: skip
    assert len(charts(at)[0]["data"][0]["x"]) == hours


def test_a_link_reopens_its_view(monkeypatch, sample):
    end = last_day(sample)
    first, last = end - timedelta(13), end - timedelta(7)
    at = open_app(
        monkeypatch, sample, "sections", period="Custom",
        dates=[first.isoformat(), last.isoformat()], sections=["ICT", "World"], grain="week",
    )  # fmt: skip
    assert_clean(at)
    assert not at.warning
    assert at.sidebar.multiselect(key="sections").value == ["ICT", "World"]
    assert at.sidebar.radio(key="grain").value == "week"
    assert f"{first} – {last}" in at.caption[0].value
    at.switch_page(PAGE_FILES["overview"]).run()
    views = counted(sample, "view", *window(first, last), section="ICT")
    views += counted(sample, "view", *window(first, last), section="World")
    assert kpi(at, "Views") == views


def test_bad_link_values_fall_back_with_a_notice(monkeypatch, sample):
    at = open_app(monkeypatch, sample, period="Fortnight", grain="minute", sections=["ICT", "Nope"])
    assert_clean(at)
    notices = " ".join(w.value for w in at.warning)
    assert "Fortnight" in notices and "minute" in notices and "Nope" in notices
    assert at.sidebar.multiselect(key="sections").value == ["ICT"]
    assert at.sidebar.selectbox(key="period").value == "Last 7 days"

    at = open_app(monkeypatch, sample, period="Custom", dates=["2001-01-01", "2001-01-05"])
    assert "outside the loaded data" in at.warning[0].value
    end = last_day(sample)
    assert kpi(at, "Views") == counted(sample, "view", *window(end - timedelta(6), end))


def test_unchanged_click_recomputes_nothing_and_new_data_shows_next_click(monkeypatch, tmp_path):
    settings = private_copy(tmp_path / "db")
    at = open_app(monkeypatch, settings)
    before = kpi(at, "Views")
    misses = sum(data.MISSES.values())
    at.run()
    assert sum(data.MISSES.values()) == misses, "an unchanged rerun is served from the cache"

    end = last_day(settings)
    noon = datetime.combine(end, time(12), SEOUL).isoformat()
    [article] = sql(settings, "SELECT min(article_id) FROM articles")[0]
    events = [event(f"late{i}", noon, article=article, session_id=f"x{i}") for i in range(50)]
    inbox = tmp_path / "inbox"
    write_jsonl(inbox / "events_late.jsonl", events)
    assert run_etl(settings_for(settings.db, inbox)).status == "ok"
    at.run()
    assert kpi(at, "Views") == before + 50


def test_article_search_finds_korean_titles_and_ids(monkeypatch, sample):
    [(article_id, title)] = sql(
        sample,
        "SELECT article_id, title FROM articles WHERE regexp_matches(title, '[가-힣]{2}') "
        "ORDER BY article_id LIMIT 1",
    )
    word = next(w for w in title.split() if any("가" <= c <= "힣" for c in w))
    at = open_app(monkeypatch, sample, "article")
    at.text_input(key="q").set_value(word).run()
    assert_clean(at)
    assert article_id in at.selectbox(key="article_pick").options[0] or any(
        article_id in o for o in at.selectbox(key="article_pick").options
    )
    at.text_input(key="q").set_value(article_id).run()
    assert at.selectbox(key="article_pick").value == article_id
    views = sql(sample, "SELECT count(*) FROM events WHERE article_id = $a AND event_type = 'view' "
                        "AND NOT is_bot", a=article_id)[0][0]  # fmt: skip
    assert kpi(at, "Views") == views
    assert any(m.label == "Most Viewed" for m in at.metric), "best rank per ranking"


def test_rankings_page_shows_every_ranking_with_movement(monkeypatch, sample):
    at = open_app(monkeypatch, sample, "rankings")
    assert_clean(at)
    assert [t.label for t in at.tabs] == ["Most Viewed", "Weekly Hot Issue", "Hot Issue",
                                          "Popular articles", "Most Read"]  # fmt: skip
    first = at.dataframe[0].value
    assert list(first["rank"]) == list(range(1, len(first) + 1))
    assert set(first["move"]) <= {"new", "="} | {f"{a} {n}" for a in "▲▼" for n in range(1, 99)}
    at.selectbox(key="rank_section").set_value("ICT").run()
    assert_clean(at)
    assert set(at.dataframe[0].value["section"]) <= {"ICT"}


def test_health_page_reports_runs_rejects_and_freshness(monkeypatch, sample):
    at = open_app(monkeypatch, sample, "health")
    assert_clean(at)
    runs = at.dataframe[0].value
    assert list(runs["status"]) == ["ok"]
    reasons = dict(sql(sample, "SELECT reason, count(*) FROM quarantine GROUP BY 1"))
    shown = at.dataframe[1].value
    assert dict(zip(shown["reason"], shown["records"], strict=True)) == reasons
    assert any("newest event" in m.value for m in [*at.warning, *at.success])


def test_health_page_shows_a_failed_file_and_a_partial_run(monkeypatch, tmp_path):
    settings = settings_for(tmp_path / "db" / "nd.duckdb", tmp_path)
    good = write_jsonl(tmp_path / "events_1.jsonl", [event("e1"), event("e2", kind="like")])
    broken = tmp_path / "events_2.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b this is not gzip data")
    assert load(settings, good, broken).status == "partial"
    at = open_app(monkeypatch, settings, "health")
    assert not at.exception
    assert "partial" in at.error[0].value
    failed = at.dataframe[1].value
    assert list(failed["name"]) == ["events_2.jsonl.gz"]


def test_health_page_says_when_a_failed_file_is_still_to_deal_with(monkeypatch, tmp_path):
    from newsdash.etl.dismiss import dismiss

    settings = settings_for(tmp_path / "db" / "nd.duckdb", tmp_path)
    broken = tmp_path / "events_2.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b this is not gzip data")
    assert load(settings, broken).status == "partial"
    broken.unlink()  # gone for good; the next run is ok, the failure is not dealt with
    assert load(settings, write_jsonl(tmp_path / "events_3.jsonl", [event("e3")])).status == "ok"
    at = open_app(monkeypatch, settings, "health")
    assert [e.value for e in at.error] == [
        "**1 failed file(s) to deal with:** put each back in the inbox (any name) or dismiss it "
        'with `newsdash dismiss NAME --reason "..."`.'
    ]
    assert "to deal with" in at.dataframe[1].value["state"].iloc[0]
    dismiss(settings, "events_2.jsonl.gz", "the site re-sent it as events_3")
    at = open_app(monkeypatch, settings, "health")
    assert not at.error
    assert at.dataframe[1].value["state"].iloc[0] == "dismissed: the site re-sent it as events_3"


@pytest.mark.parametrize(
    ("page", "params", "shown"),
    [
        ("rankings", {"asof_day": "2001-02-03"}, "as-of day '2001-02-03'"),
        ("rankings", {"asof_hour": "25:00", "rank_rows": "many"}, "Unknown hour '25:00'"),
        ("rankings", {"rank_section": "Gossip"}, "Unknown section 'Gossip'"),
        ("sections", {"series_of": "Gossip"}, "Unknown section 'Gossip'"),
        ("article", {"article": "NO-SUCH-ID"}, "No article with id 'NO-SUCH-ID'"),
    ],
)
def test_page_link_values_are_checked_too(monkeypatch, sample, page, params, shown):
    monkeypatch.setenv("NEWSDASH_DB", str(sample.db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(PAGE_FILES[page])
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert_clean(at)
    assert any(shown in w.value for w in at.warning), [w.value for w in at.warning]
