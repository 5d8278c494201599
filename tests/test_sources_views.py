"""Traffic sources where people read them (issue 17): `newsdash sources` (table, CSV, JSON),
rankings filtered by source group, the Sources page and the Article page's sources, on a small
hand-built warehouse whose figures can be checked by eye:

    article N1 (World), 2025-10-30 21:xx KST: 3 views from Naver search, 1 direct
    article N2 (Column > Cho Kijo Column):    2 views from Google, 1 from a campaign whose
                                              utm_source is a spreadsheet formula (campaign
                                              추석); 4 likes
    article N3 (World), a week earlier:       2 views from Naver search (the previous period)
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from newsdash.commands import main
from newsdash.etl.sources_rules import GROUPS as RULE_GROUPS
from newsdash.sources import GROUPS
from tests.support.inputs import event, load, write_articles, write_jsonl
from tests.test_dashboard_pages import assert_clean, open_app

NAVER = "https://search.naver.com/search.naver?query=x"
FORMULA = (
    "https://www.example-news.test/a?utm_source=%3DHYPERLINK(%22x%22)&utm_medium=email"
    "&utm_campaign=%EC%B6%94%EC%84%9D"
)
AS_OF = "2025-10-31T00:00+09:00"


@pytest.fixture
def db(settings, tmp_path, monkeypatch):
    for var in ("NEWSDASH_CONFIG", "NEWSDASH_DB", "NEWSDASH_TZ", "NEWSDASH_EXPORT_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSDASH_NOW", "2025-10-31T09:00:00+09:00")
    articles = [
        {"article_id": "N1", "title": "물가", "section": "World",
         "published_at": "2025-10-30T08:00:00+09:00"},
        {"article_id": "N2", "title": "Column piece", "section": "Column",
         "subsection": "Cho Kijo Column", "published_at": "2025-10-30T08:00:00+09:00"},
        {"article_id": "N3", "title": "Old", "section": "World",
         "published_at": "2025-10-20T08:00:00+09:00"},
    ]  # fmt: skip
    t = "2025-10-30T21:{:02d}:00+09:00"
    events = [event(f"a{i}", t.format(i), article="N1", referrer=NAVER) for i in range(3)]
    events += [event("a9", t.format(9), article="N1")]
    events += [event(f"b{i}", t.format(i), article="N2", referrer="https://www.google.co.kr/")
               for i in range(2)]  # fmt: skip
    events += [event("b8", t.format(8), article="N2", url=FORMULA)]
    events += [event(f"l{i}", t.format(i), kind="like", article="N2") for i in range(4)]
    events += [event(f"o{i}", "2025-10-22T10:00:00+09:00", article="N3", referrer=NAVER)
               for i in range(2)]  # fmt: skip
    load(settings, write_articles(tmp_path / "articles.csv", articles),
         write_jsonl(tmp_path / "events.jsonl", events))  # fmt: skip
    return settings


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_groups_are_one_list():
    assert GROUPS == RULE_GROUPS


def test_sources_table_counts_each_source_with_its_previous_period(db, capsys):
    code, out, _ = run(capsys, "sources", "--db", str(db.db), "--as-of", AS_OF)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Views by source: 2025-10-24 00:00 to 2025-10-31 00:00 KST")
    assert lines[2].split()[:6] == ["1", "search", "Naver", "3", "42.9%", "2"]
    assert lines[2].split()[6] == "+50.0%"
    assert [line.split()[1] for line in lines[3:]] == ["search", "campaign", "direct"]


def test_sources_csv_follows_the_ranking_csv_rules(db, capsys, tmp_path):
    out_file = tmp_path / "sources.csv"
    code, _, _ = run(capsys, "sources", "--db", str(db.db), "--as-of", AS_OF, "--by", "source",
                     "--format", "csv", "-o", str(out_file))  # fmt: skip
    assert code == 0
    data = out_file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    campaign = [r for r in rows if r["source_group"] == "campaign"]
    assert campaign[0]["source_name"] == '\'=hyperlink("x")'  # defused, never a formula
    assert [(r["source_name"], r["views"], r["previous_views"]) for r in rows][:2] == [
        ("Naver", "3", "2"), ("Google", "2", "0")]  # fmt: skip
    assert rows[0]["window_start"] == "2025-10-24T00:00:00+09:00"


def test_sources_json_and_groups_of_a_section(db, capsys):
    code, out, _ = run(capsys, "sources", "--db", str(db.db), "--as-of", AS_OF, "--by", "group",
                       "--section", "column", "--format", "json")  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert document["section"] == "Column" and document["level"] == "group"
    assert [(r["source_group"], r["views"], r["share"]) for r in document["rows"]] == [
        ("search", 2, 0.666667), ("campaign", 1, 0.333333)]  # fmt: skip


def test_a_bad_source_group_is_bad_usage(db, capsys):
    code, _, err = run(capsys, "sources", "--db", str(db.db), "--source-group", "naver")
    assert code == 2 and "unknown source group 'naver': choose one of search," in err
    code, _, err = run(capsys, "rank", "most_viewed", "--db", str(db.db), "--source-group", "x")
    assert code == 2 and "unknown source group" in err


def test_a_ranking_filtered_by_source_group_counts_only_its_views(db, capsys):
    code, out, _ = run(capsys, "rank", "most_viewed", "--db", str(db.db), "--as-of", AS_OF,
                       "--source-group", "search", "--format", "json")  # fmt: skip
    assert code == 0
    rows = json.loads(out)["rows"]
    assert [(r["article_id"], r["views"], r["likes"], r["readers"]) for r in rows] == [
        ("N1", 3, 0, None), ("N2", 2, 0, None)]  # fmt: skip
    code, out, _ = run(capsys, "rank", "weekly_hot", "--db", str(db.db), "--as-of", AS_OF,
                       "--source-group", "direct", "--format", "json")  # fmt: skip
    assert [(r["article_id"], r["score"]) for r in json.loads(out)["rows"]] == [("N1", 1)]


def test_the_sources_page_shows_the_groups_an_independent_count_gives(monkeypatch, db):
    at = open_app(monkeypatch, db, "sources", start="2025-10-24", end="2025-10-30")
    assert_clean(at)
    groups = at.dataframe[0].value
    assert list(zip(groups["source_group"], groups["views"], strict=True)) == [
        ("Search", 5), ("Campaign", 1), ("Direct", 1)]  # fmt: skip
    assert {m.label: m.value for m in at.metric}["Top source"] == "Naver"
    campaigns = at.dataframe[-1].value
    assert list(zip(campaigns["campaign"], campaigns["views"], strict=True)) == [("추석", 1)]


def test_rankings_page_filters_by_source_group_and_article_page_lists_sources(monkeypatch, db):
    at = open_app(monkeypatch, db, "rankings", rank_source="Search", asof_day="2025-10-30",
                  asof_hour="23:00")  # fmt: skip
    assert_clean(at)
    assert "views from Search" in "\n".join(c.value for c in at.caption)
    at = open_app(monkeypatch, db, "article", article="N1")
    assert_clean(at)
    sources = [d.value for d in at.dataframe if "source_name" in d.value.columns][0]
    assert list(zip(sources["source_name"], sources["views"], strict=True)) == [
        ("Naver", 3), ("(direct)", 1)]  # fmt: skip


def test_a_hostile_source_name_is_drawn_as_text_never_as_a_link():
    """utm_source is the reader's URL: whatever it says is shown literally (figures escape
    plotly's markup; tables draw text; the metric shows controls as escapes)."""
    import pandas as pd

    from newsdash.dashboard import source_charts
    from newsdash.etl.sources import classify

    name = classify(None, "https://e.test/?utm_source=%3Ca%20href%3Djavascript:alert(1)%3Ex%3C/a%3E"
                    "&utm_medium=email", None).name  # fmt: skip
    assert name == "<a href=javascript:alert(1)>x</a>"
    frame = pd.DataFrame({"source_group": ["campaign"], "source_name": [name], "views": [3]})
    labels = list(source_charts.top_sources(frame).data[0].y)
    assert labels == ["&lt;a href=javascript:alert(1)&gt;x&lt;/a&gt; · Campaign"]
