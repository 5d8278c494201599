"""The ranking CSV and JSON as the brief defines them, read back the way their users read them."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from newsdash.exports import export_all, ranking_for
from newsdash.formats import CSV_COLUMNS, ranking_csv, ranking_json, safe_url
from tests.support.inputs import event, load, write_articles, write_jsonl

T = "2025-10-31T00:00:00+09:00"
HEADER = ("rank,article_id,title,section,subsection,author,published_at,url,views,readers,"
          "likes,comments,shares,score,movement,ranking,window_start,window_end")  # fmt: skip
ARTICLES = [
    {"article_id": "K1", "title": "현대차 3분기 영업이익 10조원…전년比 9% 증가", "section": "Business",
     "author": "김기자", "published_at": "2025-10-30T08:00:00+09:00", "url": "https://x.test/1"},
    {"article_id": "F1", "title": "=HYPERLINK(\"http://evil.test\",\"click\")", "section": "World",
     "author": "@handle", "published_at": "2025-10-30T09:00:00+09:00", "url": "https://x.test/2"},
    {"article_id": "Q1", "title": 'He said "yes", then\nleft', "section": "Column",
     "subsection": "Cho Kijo Column", "author": "Cho Kijo",
     "published_at": "2025-10-29T23:30:00Z", "url": "https://x.test/3"},
]  # fmt: skip


@pytest.fixture
def loaded(settings, tmp_path):
    """K1: 1,200 views (thousands), F1: 3 views + 1 like, Q1: 2 views; one unknown article."""
    events = [event(f"k{i}", article="K1", session_id=f"s{i % 700}") for i in range(1200)]
    events += [event(f"f{i}", article="F1") for i in range(3)]
    events += [event("fl", kind="like", article="F1")]
    events += [event(f"q{i}", article="Q1", session_id="s1") for i in range(2)]
    events += [event("u1", article="U1")]
    load(settings, write_articles(tmp_path / "articles.csv", ARTICLES),
         write_jsonl(tmp_path / "events.jsonl", events))  # fmt: skip
    return settings


def weekly(settings, **options):
    return ranking_for(settings, "weekly_hot", T, limit="all", **options)


def test_csv_has_bom_crlf_and_the_brief_columns(loaded):
    data = ranking_csv(weekly(loaded))
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    assert list(CSV_COLUMNS) == HEADER.split(",")


def test_csv_reads_back_with_the_csv_module(loaded):
    text = ranking_csv(weekly(loaded)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_id = {r["article_id"]: r for r in rows}
    assert [r["article_id"] for r in rows] == ["K1", "F1", "Q1"]  # U1: no metadata, not eligible
    assert by_id["K1"]["title"] == "현대차 3분기 영업이익 10조원…전년比 9% 증가"
    assert by_id["K1"]["author"] == "김기자"
    assert by_id["F1"]["title"] == '\'=HYPERLINK("http://evil.test","click")'
    assert by_id["F1"]["author"] == "'@handle"
    assert by_id["Q1"]["title"] == 'He said "yes", then\nleft'  # quotes, comma, newline
    assert by_id["Q1"]["published_at"] == "2025-10-30T08:30:00+09:00"  # site time, offset
    assert by_id["K1"]["views"] == "1200" and by_id["K1"]["score"] == "1200"
    assert by_id["F1"]["score"] == "6"  # 3 views + 3 x 1 like
    assert by_id["Q1"]["readers"] == "1"
    assert {r["ranking"] for r in rows} == {"weekly_hot"}
    assert {(r["window_start"], r["window_end"]) for r in rows} == {
        ("2025-10-24T00:00:00+09:00", "2025-10-31T00:00:00+09:00")
    }
    assert {r["movement"] for r in rows} == {"new"}


def test_csv_reads_back_with_pandas_numbers_as_numbers(loaded):
    frame = pd.read_csv(io.BytesIO(ranking_csv(weekly(loaded))), encoding="utf-8-sig")
    assert frame.columns.tolist() == HEADER.split(",")
    for column in ("rank", "views", "readers", "likes", "comments", "shares", "score"):
        assert pd.api.types.is_integer_dtype(frame[column]), column
    assert frame.loc[0, "title"].startswith("현대차")
    assert frame.loc[1, "title"].startswith("'=HYPERLINK")
    assert frame["views"].tolist() == [1200, 3, 2]


def test_decayed_scores_are_decimal_numbers(loaded):
    # Views at 21:05, in the 21:00 hour, 3 h before T: weight 0.5 ** (3 / 6).
    frame = pd.read_csv(io.BytesIO(ranking_csv(ranking_for(loaded, "hot_now", T))))
    assert pd.api.types.is_float_dtype(frame["score"])
    assert frame.loc[0, "score"] == pytest.approx(1200 * 0.5 ** (3 / 6), abs=1e-6)


def test_an_article_without_metadata_exports_as_unknown_with_blank_fields(loaded):
    text = ranking_csv(ranking_for(loaded, "most_viewed", T, limit="all")).decode("utf-8-sig")
    unknown = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["article_id"] == "U1"]
    assert unknown[0]["title"] == "(unknown article)"
    assert unknown[0]["section"] == unknown[0]["published_at"] == unknown[0]["url"] == ""


def test_json_carries_the_same_rows_unprefixed(loaded):
    result = weekly(loaded)
    doc = json.loads(ranking_json(result))
    assert list(doc) == ["ranking", "as_of", "window_start", "window_end", "rows"]
    assert doc["ranking"] == "weekly_hot" and doc["as_of"] == "2025-10-31T00:00:00+09:00"
    columns = CSV_COLUMNS[:-3]  # the CSV's per-article columns, and url_safe after url
    assert list(doc["rows"][0]) == [*columns[:8], "url_safe", *columns[8:]]
    assert doc["rows"][1]["title"] == ARTICLES[1]["title"]  # the widget gets the real title
    assert doc["rows"][0]["views"] == 1200 and doc["rows"][0]["subsection"] is None
    csv_rows = list(csv.DictReader(io.StringIO(ranking_csv(result).decode("utf-8-sig"))))
    assert [r["article_id"] for r in csv_rows] == [r["article_id"] for r in doc["rows"]]


# --- the widgets' guarantees (README.md, "The ranking JSON") -------------------------------

HOSTILE = [  # title, url: what the site's metadata may hold
    ('<img src=x onerror="alert(1)">&amp; <b>bold</b>', "javascript:alert(1)"),
    ("</script><script>alert(2)</script>", "JAVASCRIPT:alert(2)"),
    ("Line\u2028separator", "java\tscript:alert(3)"),
    ("data", "data:text/html,<script>alert(4)</script>"),
    ("relative", "//evil.example/x"),
    ("credentials", "https://user:pw@evil.example/"),
    ("backslash", "https:\\\\evil.example"),
    ("bidi", "https://x.test/\u202egpj.exe"),
    ("korean", "https://x.test/기사/1?q=a&b=<c>"),
    ("upper", "HTTPS://X.TEST/2"),
]


@pytest.fixture
def hostile(settings, tmp_path):
    articles = [{"article_id": f"H{i}", "title": title, "section": "World", "url": url,
                 "published_at": "2025-10-30T08:00:00+09:00"}
                for i, (title, url) in enumerate(HOSTILE)]  # fmt: skip
    events = [
        event(f"h{i}-{n}", article=f"H{i}") for i in range(len(HOSTILE)) for n in range(20 - i)
    ]
    load(settings, write_jsonl(tmp_path / "articles.jsonl", articles),
         write_jsonl(tmp_path / "events.jsonl", events))  # fmt: skip
    return settings


def test_url_safe_is_the_url_only_for_a_web_page_and_null_otherwise(hostile):
    rows = json.loads(ranking_json(weekly(hostile)))["rows"]
    assert [(r["article_id"], r["url"]) for r in rows] == [
        (f"H{i}", url)
        for i, (_, url) in enumerate(HOSTILE)  # url stays as given
    ]
    assert [r["url_safe"] for r in rows] == [None] * 8 + [HOSTILE[8][1], HOSTILE[9][1]]


def test_titles_are_plain_text_never_html_escaped_and_the_json_fits_a_script_block(hostile):
    data = ranking_json(weekly(hostile))
    rows = json.loads(data)["rows"]
    assert [r["title"] for r in rows] == [title for title, _ in HOSTILE]  # not "&lt;img"
    text = data.decode("utf-8")
    assert not any(c in text for c in "<>&\u2028"), "escaped as \\u003c \\u003e \\u0026 \\u2028"
    assert "\\u003c/script\\u003e" in text and "기사" in text  # Korean stays readable


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://x.test/a", True), ("http://x.test", True), ("Https://x.test", True),
     ("javascript:alert(1)", False), ("vbscript:x", False), ("file:///etc/passwd", False),
     ("https://", False), ("https://[::1", False), ("https://x.test/\n", False),
     ("https://x.test/ a", False), ("https://x.test/" + "a" * 2048, False), (None, False),
     ("", False), ("ftp://x.test", False), ("https://x.test:99999", True)],
)  # fmt: skip
def test_safe_url_cases(url, safe):
    assert safe_url(url) == (url if safe else None)


def test_export_all_writes_every_ranking_by_name_and_hour(loaded, tmp_path):
    out = tmp_path / "out"
    written = export_all(loaded, out, "2025-10-31T00:59")
    names = sorted(p.name for p in written)
    assert names == sorted(
        f"{n}_2025103100.{ext}" for n in ("most_viewed", "weekly_hot", "hot_now", "popular", "most_read")
        for ext in ("csv", "json")
    )  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == names  # no temp files left behind
    # The file holds exactly the bytes the dashboard gets from ranking_csv.
    assert (out / "weekly_hot_2025103100.csv").read_bytes() == ranking_csv(weekly(loaded))


def test_export_all_defaults_to_the_hour_after_the_latest_event(loaded, tmp_path):
    written = export_all(loaded, tmp_path / "out", None)
    assert {p.stem.rsplit("_", 1)[1] for p in written} == {"2025103022"}  # events at 21:05


def test_export_without_a_database_says_so(settings, tmp_path):
    with pytest.raises(FileNotFoundError, match="run `newsdash etl` first"):
        export_all(settings, tmp_path / "out", None)
