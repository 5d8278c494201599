"""The lake (etl/lake.py): real Delta tables in temporary folders, read back through DuckDB.

Each batch is a handful of hand-built events whose site days and counts can be checked by eye.
The site zone is Asia/Seoul (UTC+9, no DST): 2025-10-30T15:00Z is the first instant of
2025-10-31 there.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdash.etl import lake
from newsdash.sql import store
from tests.support.ops import kill9, wait_until_stopped

TZ = "Asia/Seoul"
NOW = "2025-11-01T00:00:00Z"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("NEWSDASH_NOW", NOW)


# The attention fields (issue 22): NULL on these plain views.
ATTENTION = ("page_view_id", "engaged_ms", "scroll_pct", "read_to_end", "widget", "position",
             "target_article_id")  # fmt: skip


def events(*specs: tuple[str, str]) -> pa.Table:
    """Events (event_id, event_time as ISO with offset): views of A1 from file 1, line by line."""
    n = len(specs)
    times = [datetime.fromisoformat(t).astimezone(UTC) for _, t in specs]
    return pa.table(
        {
            "event_id": [e for e, _ in specs],
            "event_time": pa.array(times, pa.timestamp("us", tz="UTC")),
            "event_type": ["view"] * n,
            "article_id": ["A1"] * n,
            "session_id": [f"s{i}" for i in range(n)],
            "channel": [None] * n,
            "referrer": [None] * n,
            "user_agent": [None] * n,
            "is_bot": [False] * n,
            "file_id": [1] * n,
            "line": list(range(1, n + 1)),
            "url": [None] * n,
            "source_key": pa.array([None] * n, pa.uint64()),
            **{name: [None] * n for name in ATTENTION},
        }
    )


def on_day(day: str, count: int, prefix: str) -> pa.Table:
    """`count` events at noon (site time) of `day`."""
    return events(*[(f"{prefix}{i}", f"{day}T12:00:00+09:00") for i in range(count)])


@pytest.fixture
def con():
    connection = store.Database(None, ZoneInfo(TZ), read_only=False).connect()
    yield connection
    connection.close()


def rows(con, path: Path, first=None, last=None, at=None) -> list[tuple]:
    """(event_id, site day) of every event in the table, as DuckDB reads its files."""
    relation = lake.read_files(con, lake.files(path, first, last, at), lake.EVENTS_SCHEMA)
    return sorted(relation.select("event_id, dt").fetchall())


def per_day(con, path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, day in rows(con, path):
        counts[day.isoformat()] = counts.get(day.isoformat(), 0) + 1
    return counts


def test_site_day_partitioning_in_asia_seoul(tmp_path, con):
    table = lake.open_events(tmp_path)
    batch = events(("late-evening", "2025-10-30T23:30:00+09:00"), ("utc", "2025-10-30T15:30:00Z"))
    lake.append_events(table, batch, run_id=1, site_tz=TZ)
    assert rows(con, lake.events_path(tmp_path)) == [
        ("late-evening", date(2025, 10, 30)),
        ("utc", date(2025, 10, 31)),
    ]
    folders = sorted(Path(f).parent.name for f in lake.files(lake.events_path(tmp_path)))
    assert folders == ["dt=2025-10-30", "dt=2025-10-31"]


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_site_day_is_the_calendar_day_in_site_time(naive):
    instant = naive.replace(tzinfo=UTC)
    day = lake.site_days(pa.array([instant], pa.timestamp("us", tz="UTC")), TZ)[0].as_py()
    assert day == instant.astimezone(ZoneInfo(TZ)).date()


def test_reading_through_duckdb_equals_what_was_appended(tmp_path, con):
    table = lake.open_events(tmp_path)
    first = events(("e1", "2025-10-29T10:00:00+09:00"), ("e2", "2025-10-30T10:00:00+09:00"))
    # The second batch is a DuckDB relation, as the ETL will hand it over.
    second = con.sql(
        "SELECT * REPLACE ('e3' AS event_id, 'like' AS event_type, 'A2' AS article_id, "
        "'kakaotalk' AS referrer, true AS is_bot, 2 AS file_id, 7 AS line) FROM first LIMIT 1"
    )
    lake.append_events(table, first, run_id=1, site_tz=TZ)
    lake.append_events(table, second, run_id=2, site_tz=TZ)
    relation = lake.read_files(con, lake.files(lake.events_path(tmp_path)), lake.EVENTS_SCHEMA)
    read = relation.order("event_id").to_arrow_table()
    assert read.column_names == lake.EVENTS_SCHEMA.names
    got = read.select(["event_id", "event_type", "article_id", "referrer", "is_bot", "file_id"])
    assert got.to_pylist() == [
        dict(
            event_id="e1",
            event_type="view",
            article_id="A1",
            referrer=None,
            is_bot=False,
            file_id=1,
        ),
        dict(
            event_id="e2",
            event_type="view",
            article_id="A1",
            referrer=None,
            is_bot=False,
            file_id=1,
        ),
        dict(
            event_id="e3",
            event_type="like",
            article_id="A2",
            referrer="kakaotalk",
            is_bot=True,
            file_id=2,
        ),
    ]
    times = [t.astimezone(UTC) for t in read.column("event_time").to_pylist()]
    assert times[:2] == first.column("event_time").to_pylist()


def test_each_append_is_one_version_and_an_empty_batch_makes_none(tmp_path):
    table = lake.open_events(tmp_path)
    assert lake.version(table) == 0 and lake.last_run(table) is None
    three_days = events(
        ("a", "2025-10-28T09:00:00+09:00"),
        ("b", "2025-10-29T09:00:00+09:00"),
        ("c", "2025-10-30T09:00:00+09:00"),
    )
    assert lake.append_events(table, three_days, run_id=5, site_tz=TZ) == 1
    assert lake.append_events(table, three_days.slice(0, 0), run_id=6, site_tz=TZ) == 1
    assert lake.last_run(table) == 5
    assert lake.version(lake.open_events(tmp_path)) == 1  # as a fresh reader sees it


def test_a_batch_missing_a_column_is_refused_naming_it(tmp_path):
    table = lake.open_events(tmp_path)
    batch = on_day("2025-10-30", 1, "e").drop_columns(["article_id"])
    with pytest.raises(lake.LakeError, match=r"missing \['article_id'\]"):
        lake.append_events(table, batch, run_id=1, site_tz=TZ)
    assert lake.version(table) == 0


def test_rolling_back_undoes_the_commit_of_a_run_that_did_not_finish(tmp_path, con):
    path = lake.events_path(tmp_path)
    table = lake.open_events(tmp_path)
    done = lake.append_events(table, on_day("2025-10-30", 3, "ok"), run_id=1, site_tz=TZ)
    lake.append_events(table, on_day("2025-10-31", 2, "half"), run_id=2, site_tz=TZ)
    assert len(rows(con, path)) == 5

    assert lake.roll_back(table, done) is True
    assert per_day(con, path) == {"2025-10-30": 3}
    assert lake.version(table) == 3  # the undo is a version of its own
    assert len(rows(con, path, at=2)) == 5  # versions before it stay readable
    assert lake.roll_back(table, 3) is False  # already there: no new version
    assert lake.version(table) == 3


def test_retention_drops_exactly_the_days_before_the_cutoff(tmp_path, con):
    path = lake.events_path(tmp_path)
    table = lake.open_events(tmp_path)
    for n, day in enumerate(["2025-10-28", "2025-10-29", "2025-10-30", "2025-10-31"], start=1):
        lake.append_events(table, on_day(day, n, day), run_id=n, site_tz=TZ)
    kept_files = set(lake.files(path, first=date(2025, 10, 30)))

    assert lake.drop_days_before(table, date(2025, 10, 30)) == 2
    assert per_day(con, path) == {"2025-10-30": 3, "2025-10-31": 4}
    assert set(lake.files(path)) == kept_files  # whole folders dropped, no file rewritten
    version = lake.version(table)
    assert lake.drop_days_before(table, date(2025, 10, 30)) == 0
    assert lake.version(table) == version


def test_retention_refuses_a_cutoff_that_is_not_a_date(tmp_path):
    table = lake.open_events(tmp_path)
    with pytest.raises(TypeError):
        lake.drop_days_before(table, "2025-10-30' OR '1' = '1")
    with pytest.raises(TypeError):
        lake.drop_days_before(table, datetime(2025, 10, 30, tzinfo=UTC))


def test_compaction_makes_one_file_of_a_days_small_files_with_the_same_rows(tmp_path, con):
    path = lake.events_path(tmp_path)
    table = lake.open_events(tmp_path)
    for minute in range(6):  # a run every minute: six small files on one day
        lake.append_events(
            table, on_day("2025-10-31", 2, f"m{minute}-"), run_id=minute + 1, site_tz=TZ
        )
    lake.append_events(table, on_day("2025-10-30", 1, "other"), run_id=7, site_tz=TZ)
    day = date(2025, 10, 31)
    other_day = lake.files(path, date(2025, 10, 30), date(2025, 10, 30))
    before = rows(con, path)
    assert len(lake.files(path, day, day)) == 6

    metrics = lake.compact_day(table, day)
    assert (metrics["numFilesRemoved"], metrics["numFilesAdded"]) == (6, 1)
    assert len(lake.files(path, day, day)) == 1
    assert rows(con, path) == before and len(before) == 13
    assert lake.files(path, date(2025, 10, 30), date(2025, 10, 30)) == other_day


def test_vacuum_deletes_only_files_no_kept_version_names(tmp_path, con):
    path = lake.events_path(tmp_path)
    table = lake.open_events(tmp_path)
    for minute in range(3):
        lake.append_events(
            table, on_day("2025-10-31", 2, f"m{minute}-"), run_id=minute + 1, site_tz=TZ
        )
    readers_version = lake.version(table)
    lake.compact_day(table, date(2025, 10, 31))

    assert lake.vacuum(table, keep_versions=[readers_version]) == []
    assert len(rows(con, path, at=readers_version)) == 6  # a reader of the old version reads on
    deleted = lake.vacuum(table, keep_versions=[])
    assert len(deleted) == 3
    assert len(list(path.rglob("*.parquet"))) == 1 and len(rows(con, path)) == 6


def test_quarantine_lines_go_to_the_site_day_of_their_load(tmp_path, con):
    table = lake.open_quarantine(tmp_path)
    lines = pa.table(
        {
            "file_id": [3, 3],
            "line": [2, 9],
            "reason": ["malformed", "bad_time"],
            "field": [None, "event_time"],
            "detail": ["not a JSON object / CSV row", "event_time is not ISO-8601"],
            "raw": ["{oops", '{"event_time": "yesterday"}'],
        }
    )
    loaded_at = datetime(2025, 10, 31, 16, 0, tzinfo=UTC)  # 01:00 on 1 November in Seoul
    lake.append_quarantine(table, lines, run_id=4, loaded_at=loaded_at, site_tz=TZ)
    files = lake.files(lake.quarantine_path(tmp_path))
    read = lake.read_files(con, files, lake.QUARANTINE_SCHEMA).order("line").fetchall()
    assert read == [
        (3, 2, "malformed", None, "not a JSON object / CSV row", "{oops", date(2025, 11, 1)),
        (
            3,
            9,
            "bad_time",
            "event_time",
            "event_time is not ISO-8601",
            '{"event_time": "yesterday"}',
            date(2025, 11, 1),
        ),
    ]


WRITER = """
import sys
from pathlib import Path
import pyarrow as pa
from datetime import datetime, UTC
from newsdash.etl import lake

table = lake.open_events(Path(sys.argv[1]))
times = pa.array([datetime(2025, 10, 31, 3, 0, tzinfo=UTC)] * 2, pa.timestamp("us", tz="UTC"))
batch = pa.table({
    "event_id": ["new1", "new2"], "event_time": times, "event_type": ["view", "like"],
    "article_id": ["A1", "A1"], "session_id": [None, None], "channel": [None, None],
    "referrer": [None, None], "user_agent": [None, None], "is_bot": [False, False],
    "file_id": [2, 2], "line": [1, 2], "url": [None, None],
    "source_key": pa.array([None, None], pa.uint64()),
    **{name: [None, None] for name in ("page_view_id", "engaged_ms", "scroll_pct", "read_to_end",
                                       "widget", "position", "target_article_id")},
})
print(lake.append_events(table, batch, run_id=2, site_tz="Asia/Seoul"))
"""


def start_writer(warehouse: Path, stop_at: str) -> subprocess.Popen:
    env = {"NEWSDASH_NOW": NOW, "NEWSDASH_STOP_AT": stop_at, "PATH": "/usr/bin:/bin"}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(warehouse)], env=env, stdout=subprocess.DEVNULL
    )


def test_a_writer_killed_in_the_middle_of_its_commit_leaves_the_previous_version(tmp_path, con):
    path = lake.events_path(tmp_path)
    table = lake.open_events(tmp_path)
    lake.append_events(table, on_day("2025-10-30", 3, "old"), run_id=1, site_tz=TZ)
    writer = start_writer(tmp_path, "lake:files-written")
    wait_until_stopped(writer)
    on_disk = set(map(str, path.rglob("*.parquet")))
    assert len(on_disk - set(lake.files(path))) == 1  # its data file is written, not committed
    kill9(writer)

    assert lake.version(lake.open_events(tmp_path)) == 1
    assert per_day(con, path) == {"2025-10-30": 3}
    # The next writer commits on top as usual, and vacuum deletes the killed writer's file.
    lake.append_events(table, on_day("2025-10-31", 1, "next"), run_id=2, site_tz=TZ)
    assert per_day(con, path) == {"2025-10-30": 3, "2025-10-31": 1}
    assert len(lake.vacuum(table, keep_versions=[])) == 1
    assert len(list(path.rglob("*.parquet"))) == 2


def test_a_writer_killed_just_after_its_commit_leaves_the_new_version_whole(tmp_path, con):
    path = lake.events_path(tmp_path)
    lake.append_events(
        lake.open_events(tmp_path), on_day("2025-10-30", 3, "old"), run_id=1, site_tz=TZ
    )
    writer = start_writer(tmp_path, "lake:committed")
    wait_until_stopped(writer)
    kill9(writer)
    table = lake.open_events(tmp_path)
    assert lake.version(table) == 2 and lake.last_run(table) == 2
    assert per_day(con, path) == {"2025-10-30": 3, "2025-10-31": 2}
    # A run that had not recorded this version in its state undoes it on the next start.
    assert lake.roll_back(table, 1) and per_day(con, path) == {"2025-10-30": 3}


def test_a_window_of_days_reads_only_those_days(tmp_path, con):
    path = lake.events_path(tmp_path)
    table = lake.open_events(tmp_path)
    start = date(2025, 10, 25)
    for offset in range(7):
        day = (start + timedelta(days=offset)).isoformat()
        lake.append_events(table, on_day(day, 1 + offset, day), run_id=offset + 1, site_tz=TZ)
    window = rows(con, path, date(2025, 10, 29), date(2025, 10, 31))
    assert len(window) == 5 + 6 + 7
    assert {d for _, d in window} == {date(2025, 10, 29), date(2025, 10, 30), date(2025, 10, 31)}
