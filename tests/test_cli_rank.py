"""`newsdash rank` and `newsdash export`: output, files, exit codes and one-line errors."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdash.commands import main
from newsdash.exports import ranking_for
from newsdash.formats import ranking_csv
from newsdash.terminal import SCAN_CHARS, TITLE_WIDTH, display_width, fit, ranking_table
from tests.support.inputs import event, load, write_articles, write_jsonl

T = "2025-10-31T00:00:00+09:00"


@pytest.fixture
def db(settings, tmp_path, monkeypatch):
    """A warehouse: a Korean-titled article with 1,200 views and a Column article with 2."""
    for var in ("NEWSDASH_CONFIG", "NEWSDASH_DB", "NEWSDASH_TZ", "NEWSDASH_EXPORT_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray newsdash.toml
    articles = [
        {"article_id": "K1", "title": "서울시장 \"물가 안정이 최우선\" " * 4, "section": "World",
         "published_at": "2025-10-30T08:00:00+09:00"},
        {"article_id": "C1", "title": "Column piece", "section": "Column",
         "subsection": "Cho Kijo Column", "published_at": "2025-10-30T08:00:00+09:00"},
    ]  # fmt: skip
    events = [event(f"k{i}", article="K1", session_id=f"s{i}") for i in range(1200)]
    events += [event("c1", article="C1"), event("c2", article="C1"), event("sh", kind="share",
               article="C1", channel="x")]  # fmt: skip
    load(settings, write_articles(tmp_path / "articles.csv", articles),
         write_jsonl(tmp_path / "events.jsonl", events))  # fmt: skip
    return settings


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rank_prints_an_aligned_table(db, capsys):
    code, out, _ = run(capsys, "rank", "weekly_hot", "--db", str(db.db), "--as-of", T)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Weekly Hot Issue (weekly_hot), as of 2025-10-31 00:00 KST")
    assert "1,200" in lines[2] and "서울시장" in lines[2] and "…" in lines[2]  # long title cut
    assert lines[2].split()[:2] == ["1", "new"]
    assert len(lines) == 4


def test_a_million_character_title_is_cut_to_its_column(db):
    result = ranking_for(db, "weekly_hot", T)
    title = "서울시장 " + "가나다라 " * 250_000  # 1.25M characters, two columns a syllable
    rows = result.rows.assign(title=[title, *result.rows["title"][1:]])
    line = ranking_table(replace(result, rows=rows)).splitlines()[2]
    # 9 + 3 x 9 columns, the next syllable would pass 37: then the ellipsis and one space
    assert "  서울시장 가나다라 가나다라 가나다라 …   World" in line
    assert line.split()[:2] == ["1", "new"] and line.endswith("1,200")
    assert display_width(line) == display_width(ranking_table(result).splitlines()[2])


def test_a_title_of_combining_marks_makes_a_bounded_cell():
    zalgo = "a" + "\u0301" * 1_000_000  # a million marks that take no column
    cell = fit(zalgo, TITLE_WIDTH)
    assert display_width(cell) == TITLE_WIDTH and cell.startswith("a\u0301")
    assert len(cell) <= SCAN_CHARS * TITLE_WIDTH + TITLE_WIDTH and "…" in cell


@given(st.text(), st.integers(min_value=2, max_value=60))
def test_a_cell_is_exactly_its_width_and_cut_only_when_too_long(text, width):
    cell = fit(text, width)
    assert display_width(cell) == width
    shown = fit(text, 10 * len(text) + 10).rstrip(" ")  # all of it, as the table shows it
    if display_width(shown) <= width:
        assert cell == shown + " " * (width - display_width(shown))
    else:
        assert cell.rstrip(" ").endswith("…") and shown.startswith(cell.rstrip(" ")[:-1])


def test_rank_in_a_section_lists_only_that_sections_articles(db, capsys):
    args = ["rank", "most_viewed", "--db", str(db.db), "--as-of", T, "--section", "Column"]
    code, out, _ = run(capsys, *args, "--limit", "all")
    assert code == 0 and "Column piece" in out and "서울시장" not in out
    assert "in Column" in out.splitlines()[0]


def test_rank_csv_to_a_file_is_the_export_bytes(db, capsys, tmp_path):
    target = tmp_path / "weekly.csv"
    args = ["rank", "weekly_hot", "--db", str(db.db), "--as-of", T, "--format", "csv"]
    code, out, err = run(capsys, *args, "-o", str(target))
    assert code == 0 and out == "" and "wrote 2 rows" in err
    assert target.read_bytes() == ranking_csv(ranking_for(db, "weekly_hot", T))


def test_rank_json_prints_the_widgets_document(db, capsys):
    args = ["rank", "popular", "--db", str(db.db), "--as-of", T, "--format", "json"]
    code, out, _ = run(capsys, *args)
    doc = json.loads(out)
    assert code == 0 and doc["ranking"] == "popular"
    assert [(r["article_id"], r["shares"], r["score"]) for r in doc["rows"]] == [("C1", 1, 1)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["nope"], "unknown ranking 'nope': choose one of most_viewed, weekly_hot, hot_now, popular, most_read"),
        (["most_viewed", "--section", "Sprots"], "unknown section 'Sprots': choose one of "
                                                 "Cho Kijo Column, Column, World"),
        (["most_viewed", "--as-of", "last tuesday"], "--as-of 'last tuesday' is not an ISO time"),
        (["most_viewed", "--limit", "0"], "--limit '0': give a number of rows (1 or more) or 'all'"),
    ],
)  # fmt: skip
def test_bad_usage_is_one_line_and_exit_2(db, capsys, extra, message):
    code, out, err = run(capsys, "rank", *extra, "--db", str(db.db))
    assert code == 2 and out == ""
    assert err.startswith("newsdash rank: " + message) and err.count("\n") == 1


def test_missing_database_is_one_line_and_exit_1(settings, capsys, tmp_path):
    code, _, err = run(capsys, "rank", "most_viewed", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and err.count("\n") == 1 and "run `newsdash etl` first" in err


def test_export_writes_every_ranking(db, capsys, tmp_path):
    code, out, _ = run(capsys, "export", "--db", str(db.db), "--out", "x", "--as-of", T)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == sorted(
        f"{n}_2025103100.{e}" for n in ("hot_now", "most_read", "most_viewed", "popular", "weekly_hot")
        for e in ("csv", "json")
    )  # fmt: skip
    assert len(out.splitlines()) == 10


def test_an_editor_adds_a_ranking_in_the_config(db, capsys, tmp_path):
    (tmp_path / "newsdash.toml").write_text(
        '[rankings.most_shared_week]\ntitle = "Most shared this week"\nwindow_hours = 168\n'
        "weights = { shares = 1 }\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rank", "most_shared_week", "--db", str(db.db), "--as-of", T)
    assert code == 0 and out.startswith("Most shared this week") and "Column piece" in out
    code, out, _ = run(capsys, "export", "--db", str(db.db), "--out", "x", "--as-of", T)
    assert "most_shared_week_2025103100.csv" in out


def test_a_broken_definition_is_reported_with_its_place(db, capsys, tmp_path):
    (tmp_path / "newsdash.toml").write_text(
        '[rankings.weekly_hot]\nwindow_hours = "a week"\n', encoding="utf-8"
    )
    code, _, err = run(capsys, "rank", "weekly_hot", "--db", str(db.db))
    assert code == 2  # bad usage: fix the config
    assert "[rankings.weekly_hot]: window_hours must be a whole number" in err
