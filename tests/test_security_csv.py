"""Property tests: every CSV the product writes (the ranking export of `newsdash rank`/`export`
and the dashboard's download, and every table download of the dashboard) keeps a spreadsheet
from running a cell: a text cell never starts with = + - @, tab or carriage return unless it
is prefixed with ', and every cell comes back from csv.reader exactly as written."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdash.dashboard.downloads import cell, csv_bytes
from newsdash.formats import BOM, CSV_COLUMNS, FORMULA_STARTS, defuse, ranking_csv
from newsdash.rankings import COLUMNS, RankingDefinition, RankingResult

SEOUL = ZoneInfo("Asia/Seoul")
# Any text at all, with the dangerous first characters and CSV's own specials made likely.
risky = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "'", " ", "﻿"])
texts = st.one_of(
    st.text(),
    st.builds(lambda a, b: a + b, risky, st.text()),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=3), risky, st.text()),
)
HYPOTHESIS = settings(max_examples=300, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def read_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))


def is_safe(value: str) -> bool:
    return value.startswith("'") or not value.startswith(FORMULA_STARTS)


@HYPOTHESIS
@given(texts)
def test_a_defused_cell_is_safe_and_keeps_the_text(text):
    cell_text = defuse(text)
    assert is_safe(cell_text)
    assert cell_text in (text, "'" + text)
    assert (cell_text != text) == text.startswith(FORMULA_STARTS)


@HYPOTHESIS
@given(st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=5), texts)
def test_every_dashboard_table_download_is_safe_and_round_trips(rows, header):
    frame = pd.DataFrame(rows, columns=[header + "a", "title", "section"])
    frame["views"] = range(-2, len(frame) - 2)  # numbers stay numbers, negative ones too
    got = read_rows(csv_bytes(frame))
    assert got[0] == [defuse(str(c)) for c in frame.columns]
    assert len(got) == len(rows) + 1, "one CSV row per table row, whatever the text holds"
    for written, row, views in zip(got[1:], rows, frame["views"], strict=True):
        assert written[:3] == [defuse(t) for t in row]
        assert all(is_safe(v) for v in written[:3])
        assert written[3] == str(views)


def ranking_result(titles: list[str], authors: list[str], sections: list[str]) -> RankingResult:
    end = datetime(2025, 10, 31, 0, tzinfo=SEOUL)
    definition = RankingDefinition("most_viewed", "Most Viewed", 24, {"views": 1}, None, "all", 5)
    n = len(titles)
    rows = pd.DataFrame({
        "rank": range(1, n + 1), "article_id": [f"=A{i}" for i in range(n)], "title": titles,
        "section": sections, "subsection": ["-sub"] * n, "author": authors,
        "published_at": [end - timedelta(hours=i + 1) for i in range(n)],
        "url": ["@https://example.com/a"] * n, "views": range(n, 0, -1), "readers": [1] * n,
        "likes": [0] * n, "comments": [0] * n, "shares": [0] * n,
        "score": [float(v) for v in range(n, 0, -1)], "movement": ["new"] * n,
    })  # fmt: skip
    return RankingResult(definition, end, end - timedelta(hours=24), end, None, rows[COLUMNS])


@HYPOTHESIS
@given(st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=5))
def test_the_ranking_export_is_safe_and_round_trips(rows):
    titles, authors, sections = (list(column) for column in zip(*rows, strict=True))
    got = read_rows(ranking_csv(ranking_result(titles, authors, sections)))
    assert got[0] == CSV_COLUMNS
    assert len(got) == len(rows) + 1
    numbers = {"rank", "views", "readers", "likes", "comments", "shares", "score"}
    for written, title, author, section in zip(got[1:], titles, authors, sections, strict=True):
        record = dict(zip(CSV_COLUMNS, written, strict=True))
        assert (record["title"], record["author"], record["section"]) == (
            defuse(title),
            defuse(author),
            defuse(section),
        )
        assert record["article_id"].startswith("'=") and record["url"].startswith("'@")
        assert all(is_safe(v) for k, v in record.items() if k not in numbers)
        assert all(v.isdigit() for k, v in record.items() if k in numbers - {"score"})


def test_dashboard_cells_keep_numbers_times_and_blanks():
    stamp = pd.Timestamp("2025-10-30T23:00:00+09:00")
    assert [cell(v) for v in (3, -1.5, None, float("nan"), pd.NaT, stamp, True)] == [
        3, -1.5, "", "", "", "2025-10-30T23:00:00+09:00", "true",
    ]  # fmt: skip
    assert cell("-1") == "'-1", "text that looks like a number is still text"
