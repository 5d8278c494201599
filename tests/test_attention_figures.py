"""What editors and monitoring read (issue 22): `newsdash attention` and `newsdash widgets`
as JSON, and the shipped `most_read` ranking, on a hand-built warehouse counted by eye."""

from __future__ import annotations

import json

import pytest

from newsdash.commands import main
from newsdash.sql.store import published
from tests.support.inputs import event, load, write_articles, write_jsonl

T21 = "2025-10-30T21:05:00+09:00"
AS_OF = ["--as-of", "2025-10-31T00:00+09:00"]


def view(event_id: str, pv: str, article: str = "A1") -> dict:
    return event(event_id, time=T21, article=article, page_view_id=pv, session_id="s" + pv)


def engage(event_id: str, pv: str, ms: int, pct: float, article: str = "A1", **extra) -> dict:
    return event(event_id, time=T21, kind="engage", article=article, page_view_id=pv,
                 engaged_ms=ms, scroll_pct=pct, **extra)  # fmt: skip


def box(event_id: str, kind: str, position: int, **extra) -> dict:
    return event(event_id, time=T21, kind=kind, widget="most_viewed", position=position, **extra)


@pytest.fixture
def db(settings, tmp_path, monkeypatch):
    """A1 (World): 4 views of 12 s, 40 min (capped: 1800 s, read to end), 0 s and 3 s;
    A2 (Cho Kijo Column): 1 view of 30 s. On A1's page Most Viewed #1 and #2 were viewable
    and #2 was clicked once."""
    for var in ("NEWSDASH_CONFIG", "NEWSDASH_DB", "NEWSDASH_TZ", "NEWSDASH_EXPORT_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    articles = write_articles(tmp_path / "articles.csv", [
        {"article_id": "A1", "title": "One", "section": "World"},
        {"article_id": "A2", "title": "Two", "section": "Column", "subsection": "Cho Kijo Column"},
    ])  # fmt: skip
    records = [
        view("v1", "p1"), engage("g1", "p1", 12_000, 60),
        view("v2", "p2"), engage("g2", "p2", 2_400_000, 100, read_to_end=True),
        view("v3", "p3"),
        view("v4", "p4"), engage("g4", "p4", 3_000, 50),
        view("v5", "p5", "A2"), engage("g5", "p5", 30_000, 10, "A2"),
        box("w1", "widget_view", 1), box("w2", "widget_view", 2),
        box("c1", "widget_click", 2, target_article_id="A2"),
    ]  # fmt: skip
    load(settings, articles, write_jsonl(tmp_path / "e.jsonl", records))
    return settings


def run_json(capsys, *argv) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_attention_rows_follow_the_counting_rules(db, capsys):
    got = run_json(capsys, "attention", "--db", str(db.db), *AS_OF, "--format", "json")
    assert (got["window_start"], got["window_end"]) == (
        "2025-10-30T00:00:00+09:00", "2025-10-31T00:00:00+09:00")  # fmt: skip
    assert got["rows"] == [
        # (12 + 1800 + 0 + 3) s / 4 views; the middle view lies in the 0-5 s bucket
        {"article_id": "A1", "views": 4, "engaged_views": 3, "engaged_seconds_total": 1815.0,
         "engaged_seconds_per_view": 453.8, "engaged_seconds_median": 5.0,
         "read_to_end_pct": 25.0, "scroll_reach_50_pct": 75.0},
        {"article_id": "A2", "views": 1, "engaged_views": 1, "engaged_seconds_total": 30.0,
         "engaged_seconds_per_view": 30.0, "engaged_seconds_median": 45.0,
         "read_to_end_pct": 0.0, "scroll_reach_50_pct": 0.0},
    ]  # fmt: skip
    column = run_json(capsys, "attention", "--db", str(db.db), *AS_OF, "--section", "column",
                      "--format", "json")  # fmt: skip
    assert [r["article_id"] for r in column["rows"]] == ["A2"]  # a parent includes its subsections
    later = run_json(capsys, "attention", "--db", str(db.db), "--as-of", "2025-11-01T00:00+09:00",
                     "--format", "json")  # fmt: skip
    assert later["rows"] == []  # the default window is 24 h


def test_widgets_rows_give_viewable_clicks_and_ctr(db, capsys):
    got = run_json(capsys, "widgets", "--db", str(db.db), *AS_OF, "--format", "json")
    assert got["rows"] == [
        {"widget": "most_viewed", "position": 1, "viewable": 1, "clicks": 0, "ctr_pct": 0.0},
        {"widget": "most_viewed", "position": 2, "viewable": 1, "clicks": 1, "ctr_pct": 100.0},
    ]


def test_most_read_ranks_by_engaged_minutes(db, capsys):
    got = run_json(capsys, "rank", "most_read", "--db", str(db.db), *AS_OF, "--format", "json")
    assert [(r["article_id"], r["score"]) for r in got["rows"]] == [("A1", 30.25), ("A2", 0.5)]


def test_bad_usage_is_one_line_and_exit_2(db, capsys):
    with pytest.raises(SystemExit) as refused:  # argparse's own error, one line
        main(["attention", "--db", str(db.db), "--hours", "0"])
    assert refused.value.code == 2
    assert main(["attention", "--db", str(db.db), "--section", "Nowhere"]) == 2
    assert "unknown section 'Nowhere'" in capsys.readouterr().err


def test_the_table_format_prints_every_row(db, capsys):
    assert main(["widgets", "--db", str(db.db), *AS_OF]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "ctr_pct" in lines[1] and "100.0" in lines[3]


def test_data_health_counts_engage_without_its_view(db, tmp_path):
    load(db, write_jsonl(tmp_path / "late.jsonl", [engage("g9", "lost", 5_000, 20)]))
    from newsdash.sql.attention_queries import orphan_engage

    assert orphan_engage(published(db)) == 1
