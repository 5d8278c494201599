"""What editors see of attention and boxes (issue 22), through Streamlit's AppTest on a small
hand-built warehouse: the Article page's figures, the engaged-time columns of Rankings and
Sections, the Boxes page and the Data health count."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.inputs import event, load, write_articles, write_jsonl
from tests.support.sample import APP, settings_for
from tests.test_attention_figures import box, engage, view

PERIOD = {"period": "Custom", "dates": ["2025-10-30", "2025-10-30"]}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A1 (World): views of 12 s, 1800 s (capped, read to end), 0 s, 3 s; A2 (Column): 30 s;
    Most Viewed #1 and #2 viewable on A1's page, #2 clicked, its view of A2 sent by the box."""
    tmp = tmp_path_factory.mktemp("attention-dash")
    settings = settings_for(tmp / "db" / "nd.duckdb", tmp / "inbox")
    articles = write_articles(tmp / "articles.csv", [
        {"article_id": "A1", "title": "One", "section": "World"},
        {"article_id": "A2", "title": "Two", "section": "Column"},
    ])  # fmt: skip
    same = {"session_id": "sp5"}
    records = [
        view("v1", "p1"), engage("g1", "p1", 12_000, 60),
        view("v2", "p2"), engage("g2", "p2", 2_400_000, 100, read_to_end=True),
        view("v3", "p3"), view("v4", "p4"), engage("g4", "p4", 3_000, 50),
        box("w1", "widget_view", 1), box("w2", "widget_view", 2),
        box("c1", "widget_click", 2, target_article_id="A2", **same),
        view("v5", "p5", "A2"), engage("g5", "p5", 30_000, 10, "A2"),
        engage("g9", "lost", 1_000, 5),
        event("x", kind="view", article="A2", time="2025-10-30T22:00:00+09:00"),
    ]  # fmt: skip
    load(settings, articles, write_jsonl(tmp / "e.jsonl", records))
    return settings


def open_page(monkeypatch, settings, page: str, **params) -> AppTest:
    monkeypatch.setenv("NEWSDASH_DB", str(settings.db))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in {**PERIOD, **params}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"page_scripts/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_article_page_shows_engaged_time_read_to_end_and_scroll_reach(monkeypatch, warehouse):
    at = open_page(monkeypatch, warehouse, "article", article="A1")
    shown = metrics(at)
    assert shown["Engaged s per view"] == "453.8"  # (12 + 1800 + 0 + 3) s / 4 views
    assert shown["Median engaged s"] == "5.0"
    assert shown["Read to end"] == "25.0 %"
    assert shown["Engaged views"] == "3"


def test_boxes_page_shows_viewable_ctr_and_recirculation(monkeypatch, warehouse):
    at = open_page(monkeypatch, warehouse, "boxes")
    shown = metrics(at)
    assert (shown["Viewable impressions"], shown["Clicks"]) == ("2", "1")
    assert shown["Viewable CTR"] == "50.0 %"
    assert shown["Recirculation"] == "16.7 %"  # 1 view sent by a box of 6 views
    table = at.dataframe[0].value
    assert list(table["viewable CTR %"]) == [0.0, 100.0]
    assert list(table["engaged s / sent view"]) == [0.0, 30.0]


def test_rankings_and_sections_gain_an_engaged_time_column(monkeypatch, warehouse):
    at = open_page(monkeypatch, warehouse, "rankings")
    first = at.dataframe[0].value
    assert dict(zip(first["article_id"], first["engaged s / view"], strict=True)) == {
        "A1": 453.8, "A2": 15.0}  # fmt: skip
    at = open_page(monkeypatch, warehouse, "sections")
    table = next(d.value for d in at.dataframe if "engaged s / view" in d.value)
    assert dict(zip(table["section"], table["engaged s / view"], strict=True)) == {
        "World": 453.8, "Column": 15.0}  # fmt: skip


def test_data_health_counts_engage_without_a_page_view(monkeypatch, warehouse):
    at = open_page(monkeypatch, warehouse, "data_health")
    assert metrics(at)["Engage without a page view"] == "1"
