"""The synthetic traffic generator: determinism, counts, the input contract, realistic shape.

Each line is checked against the contract in PRODUCT.md ("Data in") by a validator written
here, independently of the generator: it is either a valid record or one of the broken kinds
the generator announces in its summary (named after the ETL's reason codes).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from newsdash.etl.generate import ARTICLE_COLUMNS, generate
from newsdash.etl.generate_text import BOT_UAS, BROWSER_UAS

KST = timezone(timedelta(hours=9))
END = datetime(2025, 10, 31, tzinfo=KST)
EVENTS, DAYS = 20_000, 10
TYPES = {"view", "like", "share", "comment"}
CHANNELS = {"facebook", "x", "kakaotalk", "line", "band", "naver", "copy_url", "twitter"}
FIELDS = {
    "event_id",
    "event_time",
    "event_type",
    "article_id",
    "session_id",
    "channel",
    "referrer",
    "url",
    "user_agent",
}  # fmt: skip  (url: the page, sent with UTM only)
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
SECTIONS = {"Synthesis", "World", "Business", "Industry", "ICT", "Distribution Economy",
            "Well+Being", "Travel", "Eco-News", "Education", "Korean Wave News", "Opinion",
            "Arts&Culture", "Sports", "People & Life", "Column", "Photo News", "New Book Guide",
            "Multicultural News", "Jobs & Workers"}  # fmt: skip
SERIES = {"Cho Kijo Column", "Lee Yeon-sil Column", "Ko Yong-chul Column", "Cherry Garden Story"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
BOTS = {ua for ua, _ in BOT_UAS}


def classify(raw: bytes, load_time: datetime) -> tuple[str, dict | None]:
    """("valid", record) or (reason code, record or None) for one line, per the contract."""
    try:
        rec = json.loads(raw)
    except ValueError:
        return "malformed", None
    if not isinstance(rec, dict):
        return "malformed", None
    if any(not isinstance(rec.get(f), str) or not rec[f] for f in ("event_id", "article_id")):
        return "missing_field", rec
    if "event_time" not in rec or "event_type" not in rec:
        return "missing_field", rec
    if str(rec["event_type"]).lower() not in TYPES:
        return "bad_event_type", rec
    if rec["event_type"].lower() == "share" and str(rec.get("channel")).lower() not in CHANNELS:
        return "bad_channel", rec
    when = event_instant(rec["event_time"])
    if when is None:
        return "bad_time", rec
    if when > load_time + timedelta(days=1):
        return "future_time", rec
    assert set(rec) <= FIELDS, rec
    text_fields = ("session_id", "referrer", "url", "user_agent")
    assert all(isinstance(rec.get(f, ""), str) for f in text_fields)
    assert ("channel" in rec) == (rec["event_type"].lower() == "share"), rec
    return "valid", rec


def event_instant(value) -> datetime | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, UTC)
    if isinstance(value, str) and ISO.fullmatch(value):
        return datetime.fromisoformat(value)
    return None


def read_lines(out: Path) -> list[tuple[str, bytes]]:
    """(file name, raw line) for every line of every event file, in load (name) order."""
    lines = []
    for path in sorted(out.glob("events_*.jsonl.gz")):
        data = gzip.decompress(path.read_bytes())
        assert data.endswith(b"\n")
        lines += [(path.name, line) for line in data.split(b"\n")[:-1]]
    return lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("gen")
    return out, generate(out, events=EVENTS, days=DAYS, seed=7)


@pytest.fixture(scope="module")
def records(generated) -> pd.DataFrame:
    """First occurrences of valid records (what the ETL loads), with a bot flag and KST time."""
    out, _ = generated
    seen, rows = set(), []
    for name, raw in read_lines(out):
        reason, rec = classify(raw, END)
        if reason == "valid" and rec["event_id"] not in seen:
            seen.add(rec["event_id"])
            when = event_instant(rec["event_time"]).astimezone(KST)
            rows.append({**rec, "file": name, "kst": when, "bot": rec["user_agent"] in BOTS})
    return pd.DataFrame(rows)


def test_same_seed_gives_identical_bytes_and_other_seed_differs(tmp_path):
    a, b, c = (generate(tmp_path / x, events=3000, days=3, seed=s) for x, s in
               (("a", 5), ("b", 5), ("c", 6)))  # fmt: skip
    assert a["files"] == b["files"] == c["files"]
    for name in a["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()
    assert {**a, "out_dir": ""} == {**b, "out_dir": ""}
    # gzip header carries no timestamp (bytes 4-8) and no file name (flag byte 3)
    head = (tmp_path / "a" / a["files"][1]).read_bytes()[:10]
    assert head[4:8] == b"\0\0\0\0" and head[3] & 0x08 == 0


def test_one_file_per_site_day_and_progress(tmp_path):
    seen = []
    end = datetime(2025, 10, 31, 15, 0, tzinfo=KST)  # mid-day: the last day is partial
    summary = generate(tmp_path, events=2000, days=2, seed=3, end=end, progress=seen.append)
    assert summary["files"] == [
        "articles.csv", "events_20251030.jsonl.gz", "events_20251031.jsonl.gz"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == summary["files"]  # no leftovers
    assert seen == sorted(seen) and len(seen) == 2 and seen[-1] == 2000
    for name, raw in read_lines(tmp_path):
        reason, rec = classify(raw, end)
        if reason == "valid":
            when = event_instant(rec["event_time"])
            assert when < end and when.astimezone(KST).strftime("%Y%m%d") == name[7:15]


def test_counts_match_the_summary_and_every_line_is_valid_or_intentionally_broken(generated):
    out, summary = generated
    lines = read_lines(out)
    reasons, ids = Counter(), Counter()
    for _, raw in lines:
        reason, rec = classify(raw, END)
        reasons[reason] += 1
        if reason == "valid":
            ids[rec["event_id"]] += 1
    broken = {k: v for k, v in reasons.items() if k != "valid"}
    assert summary["events"] == EVENTS == len(ids)
    assert summary["duplicates"] == reasons["valid"] - len(ids) == round(EVENTS * 0.005)
    assert broken == {k: v for k, v in summary["broken_by_kind"].items() if v}
    assert summary["broken"] == sum(broken.values()) == round(EVENTS * 0.001)
    assert set(broken) == set(summary["broken_by_kind"])  # every kind shows up
    assert summary["lines"] == len(lines) == EVENTS + summary["duplicates"] + summary["broken"]


def test_duplicates_include_exact_repeats_and_changed_resends_in_a_later_file(generated):
    out, _ = generated
    first: dict[str, tuple[str, bytes]] = {}
    exact = changed_later = 0
    for name, raw in read_lines(out):
        reason, rec = classify(raw, END)
        if reason != "valid":
            continue
        if rec["event_id"] in first:
            first_name, first_raw = first[rec["event_id"]]
            exact += raw == first_raw
            changed_later += raw != first_raw and name > first_name
        else:
            first[rec["event_id"]] = name, raw
    assert exact > 0 and changed_later > 0


def test_bots_are_about_three_percent_and_real_crawlers(generated, records):
    _, summary = generated
    assert int(records["bot"].sum()) == summary["bots"]
    assert 0.02 < summary["bots"] / summary["events"] < 0.04
    uas = set(records["user_agent"])
    assert "" in uas and BOTS & uas
    crawlers = pytest.importorskip("crawleruseragents")
    assert all(crawlers.is_crawler(ua) for ua in BOTS)
    assert not any(crawlers.is_crawler(ua) for ua, _ in BROWSER_UAS)


def test_share_channels_follow_the_korean_mix(records):
    channels = records["channel"].dropna().str.lower().replace("twitter", "x").value_counts()
    assert set(channels.index) <= CHANNELS
    assert channels["kakaotalk"] > channels["x"] and channels["naver"] > channels["x"]
    raw = set(records["channel"].dropna())
    assert raw & {"twitter", "Twitter"} and any(c != c.lower() for c in raw)


def test_time_formats_and_spellings_are_mixed(records):
    times = records["event_time"]
    epoch = times.map(lambda v: isinstance(v, int)).mean()
    utc = times.map(lambda v: isinstance(v, str) and v.endswith("Z")).mean()
    kst = times.map(lambda v: isinstance(v, str) and v.endswith("+09:00")).mean()
    assert 0.003 < epoch < 0.03 and 0.05 < utc < 0.3 and kst > 0.6
    assert set(records["event_type"]) > TYPES  # some "View", "SHARE", ...
    assert records["session_id"].isna().sum() > 0


def test_night_is_quieter_than_evening_and_engagement_is_a_few_percent(records):
    people = records[~records["bot"]]
    hours = people["kst"].map(lambda t: t.hour)
    assert hours.between(2, 5).sum() * 2 < hours.between(20, 23).sum()
    types = people["event_type"].str.lower().value_counts()
    for kind in ("like", "share", "comment"):
        assert 0.005 < types[kind] / types["view"] < 0.08


def test_interest_has_hot_stories_and_readers_return(generated, records):
    out, _ = generated
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    views = records[~records["bot"] & (records["event_type"].str.lower() == "view")]
    per_article = views["article_id"].value_counts()
    assert per_article.iloc[0] > 10 * per_article.median()
    assert set(records["article_id"]) <= set(articles["article_id"])
    published = articles.set_index("article_id")["published_at"].map(datetime.fromisoformat)
    assert (views["kst"] >= views["article_id"].map(published)).all()  # never before publication
    days_per_reader = views.dropna(subset=["session_id"]).groupby("session_id")["file"].nunique()
    assert (days_per_reader > 1).mean() > 0.2


def test_articles_csv_has_the_contract_columns_and_round_trips(generated):
    out, summary = generated
    raw = (out / "articles.csv").read_bytes()
    assert raw.startswith(
        b"article_id,title,section,subsection,author,published_at,url,tags,edition,translation_of\n"
    )  # the contract's columns, then the newsroom's (issue 23)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    frame = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ARTICLE_COLUMNS and len(rows) == len(frame) == summary["articles"]
    assert frame.to_dict("records") == rows  # csv and pandas agree field by field
    titles = frame["title"]
    assert titles.str.contains(HANGUL).sum() > 0 and (~titles.str.contains(HANGUL)).sum() > 0
    assert titles.str.contains(",").any() and titles.str.contains('"').any()
    assert frame["article_id"].is_unique and set(frame["section"]) == SECTIONS
    assert set(frame.loc[frame["section"] == "Column", "subsection"]) == SERIES
    assert (frame.loc[frame["section"] != "Column", "subsection"] == "").all()
    assert frame["published_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00").all()
    published = frame["published_at"].map(datetime.fromisoformat)
    assert (published < datetime.fromisoformat(summary["start"])).any()
    assert (published < END).all()
    assert frame["url"].str.startswith("https://www.example-news.test/news/view.php?idx=").all()


def test_generate_refuses_zero_days(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, events=10, days=0)


def test_articles_have_co_authors_tags_both_editions_and_translation_pairs(generated):
    """Issue 23: the newsroom columns, from their own random stream (the events stay the same)."""
    out, _ = generated
    frame = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    korean = frame["title"].str.contains(HANGUL)
    assert (frame["edition"] == korean.map({True: "ko", False: "en"})).all()
    assert frame["author"].str.contains("; ").mean() > 0.1  # co-authored
    assert not frame.loc[frame["section"] == "Column", "author"].str.contains(";").any()
    assert (frame["tags"] != "").all() and frame["tags"].str.contains(";").any()
    pairs = frame[frame["translation_of"] != ""]
    originals = frame.set_index("article_id").loc[pairs["translation_of"]]
    assert len(pairs) > 5 and (pairs["edition"] == "en").all()
    assert (originals["edition"] == "ko").all()
    assert (originals["section"].values == pairs["section"].values).all()
    assert (originals["published_at"].values <= pairs["published_at"].values).all()
