"""Engaged time from a GA4 export (issue 24 on issue 22's attention contract): each imported
page view gets its `page_view_id` and one `engage` event with the engaged time GA4 reports for
it, attributed as GA4 does (docs/import.md "Engaged time"); `newsdash attention` shows it.

The session below, one reader over three articles (Seoul time, 2025-10-30):

    21:00:00  page_view        A
    21:00:20  scroll           A   20 s  (percent_scrolled 90)
    21:01:00  page_view        B   25 s  -> A's: a page_view carries the page BEFORE it
    21:01:40  user_engagement  B   40 s
    21:02:00  page_view        C    5 s  -> B's
    21:02:30  user_engagement  C  7.5 s

and a second reader who opens A and leaves (no engagement). So A: 2 views, 20 + 25 = 45 s,
22.5 s per view, scrolled to 90 % on one view of two; B: 40 + 5 = 45 s; C: 7.5 s. Medians (from
the histogram, a view spread inside its bucket): A 0 s (one view of two is a bounce), B 45 s
(the middle of the 30–60 s bucket), C 7.5 s (of 5–10 s). Counting each page_view's time as its
own page's would give B 65 s and C 12.5 s instead.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdash.commands import main
from newsdash.etl.imports.articles import Articles
from newsdash.etl.imports.counts import FileCounts
from newsdash.etl.imports.ga4 import Ga4Events
from newsdash.etl.imports.ga4_engaged import EngagedTime
from newsdash.etl.imports.sessions import Sessions
from tests.support.ga4 import PAGE, ga4_row, write_ndjson
from tests.support.ops import newsdash

A, B, C, D, E = (PAGE.format(n) for n in (100001, 100002, 100003, 100004, 100005))
SESSION = [
    ga4_row("21:00:00", "page_view", A),
    ga4_row("21:00:20", "scroll", A, engagement_time_msec=20_000, percent_scrolled=90),
    ga4_row("21:01:00", "page_view", B, engagement_time_msec=25_000, page_referrer=A),
    ga4_row("21:01:40", "user_engagement", B, engagement_time_msec=40_000, as_text=True),
    ga4_row("21:02:00", "page_view", C, engagement_time_msec=5_000, page_referrer=B),
    ga4_row("21:02:30", "user_engagement", C, engagement_time_msec=7_500),
    ga4_row("21:10:00", "page_view", A, user="u2", session=22),
]  # fmt: skip
FIGURES = {  # article: views, engaged views, total s, s per view, median s, scroll reach 50 %
    "100001": (2, 1, 45.0, 22.5, 0.0, 50.0),
    "100002": (1, 1, 45.0, 45.0, 45.0, 0.0),
    "100003": (1, 1, 7.5, 7.5, 7.5, 0.0),
}


def import_ga4(path: Path, db: Path, cwd: Path) -> str:
    done = newsdash("import", "ga4", path, "--db", db, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stderr


def attention(db: Path, capsys) -> dict[str, tuple]:
    """`newsdash attention --format json` (in process: the import is the command under test)."""
    assert main(["attention", "--db", str(db), "--format", "json"]) == 0
    return {
        r["article_id"]: (
            r["views"],
            r["engaged_views"],
            r["engaged_seconds_total"],
            r["engaged_seconds_per_view"],
            r["engaged_seconds_median"],
            r["scroll_reach_50_pct"],
        )  # fmt: skip
        for r in json.loads(capsys.readouterr().out)["rows"]
    }


def events_loaded(db: Path, capsys) -> int:
    assert main(["status", "--db", str(db), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["events_loaded"]


def inbox_events(db: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((db.parent / "inbox").glob("import_*.jsonl"))
            for line in path.read_text().splitlines()]  # fmt: skip


def test_engaged_time_per_view_and_median_as_ga4_attributes_it_and_a_reimport_changes_nothing(
    tmp_path, capsys
):
    source = write_ndjson(tmp_path / "events_20251030.json", SESSION)
    db = tmp_path / "data" / "nd.duckdb"
    summary = import_ga4(source, db, tmp_path)
    assert "engaged time of 3 page views 97,500 ms" in summary, summary
    assert attention(db, capsys) == FIGURES
    engages = {e["article_id"]: e for e in inbox_events(db) if e["event_type"] == "engage"}
    views = [e for e in inbox_events(db) if e["event_type"] == "view"]
    assert {k: (e["engaged_ms"], e["scroll_pct"]) for k, e in engages.items()} == {
        "100001": (45_000, 90), "100002": (45_000, 0), "100003": (7_500, 0)}  # fmt: skip
    assert engages["100001"]["page_view_id"] == views[0]["page_view_id"] != views[3]["page_view_id"]
    assert engages["100001"]["event_time"] == views[0]["event_time"]  # the hour of its view
    loaded = events_loaded(db, capsys)
    assert loaded == 4 + 3  # views and engage events

    import_ga4(source, db, tmp_path)
    assert attention(db, capsys) == FIGURES
    assert events_loaded(db, capsys) == loaded


# A reader on D across midnight, the export split into one file a day: D's engaged time is
# 20 s (day 1) + 15 s (day 2, on D) + 10 s (day 2, on the page_view of E) = 45 s.
DAY_1 = [
    ga4_row("23:59:00", "page_view", D, user="u3", session=33),
    ga4_row("23:59:30", "user_engagement", D, user="u3", session=33, engagement_time_msec=20_000),
]  # fmt: skip
DAY_2 = [
    ga4_row("00:00:30", "user_engagement", D, user="u3", session=33, day="2025-10-31",
            engagement_time_msec=15_000),
    ga4_row("00:01:00", "page_view", E, user="u3", session=33, day="2025-10-31",
            engagement_time_msec=10_000),
]  # fmt: skip


def test_an_export_split_across_two_day_files_gives_the_page_view_its_whole_engaged_time(
    tmp_path, capsys
):
    """Each file imported by its own command, in either order: the page view's engage event
    from the second import carries the sum of both files (the largest received wins)."""
    day_1 = write_ndjson(tmp_path / "events_20251030.json", DAY_1)
    day_2 = write_ndjson(tmp_path / "events_20251031.json", DAY_2)
    for name, files in (("in order", (day_1, day_2)), ("day 2 first", (day_2, day_1))):
        db = tmp_path / name / "nd.duckdb"
        for path in files:  # in process, as the reimport above ran the command
            assert main(["import", "ga4", str(path), "--db", str(db)]) == 0
        capsys.readouterr()  # the import's table
        figures = attention(db, capsys)
        assert figures["100004"] == (1, 1, 45.0, 45.0, 45.0, 0.0), name
        assert figures["100005"] == (1, 0, 0.0, 0.0, 0.0, 0.0), name
        engaged = sorted(e["engaged_ms"] for e in inbox_events(db) if e["event_type"] == "engage")
        # in order: 20 s from day 1 alone, then the whole 45 s; day 2 first: its 25 s have no
        # page view yet (nothing sent), then day 1 brings it and the whole 45 s
        assert engaged == ([20_000, 45_000] if name == "in order" else [45_000]), name


def engage_events(rows: list[dict], state: Path, file_key: str = "events") -> list[str]:
    """The engage lines the importer makes of these rows, in process (one file)."""
    counts = FileCounts("events.json", "ga4")
    sessions = Sessions(b"\x01" * 32, "site", ZoneInfo("Asia/Seoul"))
    engaged = EngagedTime(state, ZoneInfo("Asia/Seoul"))
    try:
        events = Ga4Events(Articles(), sessions, counts, engaged)
        engaged.start_file(file_key)
        for number, row in enumerate(rows, 1):
            events.row(number, row)
        return sorted(engaged.engage_lines(counts))
    finally:
        engaged.close()


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_of_rows_in_the_export_changes_no_engage_event(tmp_path_factory, rng):
    """A BigQuery export holds its rows in no particular order: shuffled, the same events."""
    rows = SESSION + DAY_1 + DAY_2
    shuffled = rows[:]
    random.Random(rng.random()).shuffle(shuffled)
    first = engage_events(rows, tmp_path_factory.mktemp("state"))
    assert engage_events(shuffled, tmp_path_factory.mktemp("state")) == first
    assert len(first) == 4  # A, B, C and D; none for E (nothing after it)


def test_a_file_imported_again_adds_no_row_to_the_importers_state_and_a_shared_row_counts_once(
    tmp_path,
):
    state = tmp_path / "state"
    first = engage_events(SESSION, state)
    assert engage_events(SESSION, state) == first  # the same file (by content): nothing stored
    with duckdb.connect(str(state / "ga4.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ga4_hits").fetchone() == (len(SESSION),)
    # another export holding the same rows (a re-export of the day): stored, read once
    assert engage_events(SESSION, state, file_key="re-export") == first
