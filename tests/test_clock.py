"""One clock: every "now" the product uses comes from `NEWSDASH_NOW` when it is set, in the test
process and in every process a test starts; at the turn of an hour, a site day and a
Monday-first week (2026-12-06 15:00 UTC is Monday 00:00 in Seoul) each side gives its own answer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newsdash import clock
from newsdash.sql import store
from newsdash.sql.ranking_queries import default_as_of
from tests.support.ops import child_env, newsdash, write_events

pytestmark = pytest.mark.clock  # also run by the clock guard (Makefile)

SEOUL = ZoneInfo("Asia/Seoul")
BEFORE_TURN = "2026-12-06T14:59:59Z"  # Sunday 23:59:59 in Seoul
AT_TURN = "2026-12-06T15:00:00Z"  # Monday 00:00:00 in Seoul


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-06T15:00:00Z", datetime(2026, 12, 6, 15, tzinfo=UTC)),
        ("2026-12-07T00:00:00+09:00", datetime(2026, 12, 6, 15, tzinfo=UTC)),
        ("1796569200", datetime(2026, 12, 6, 15, tzinfo=UTC)),
    ],
)
def test_the_clock_reads_iso_instants_and_epoch_seconds(monkeypatch, text, expected):
    monkeypatch.setenv(clock.ENV, text)
    assert clock.now() == expected
    assert clock.now().tzinfo == UTC


@pytest.mark.parametrize("text", ["2026-12-06T15:00:00", "yesterday"])
def test_a_clock_without_an_offset_or_not_a_time_is_refused_by_the_command_line(tmp_path, text):
    out = newsdash(
        "status", "--db", tmp_path / "x.duckdb", cwd=tmp_path, env=child_env(NEWSDASH_NOW=text)
    )
    assert out.returncode == 2
    assert out.stderr.startswith(f"newsdash status: NEWSDASH_NOW={text!r}")


def test_the_retention_cutoff_moves_a_day_at_midnight_in_site_time():
    con = store.Database(None, SEOUL, read_only=False).connect()
    before = store.scalar(con, "ops/retention_cutoff", days=7, now=clock.parse_instant(BEFORE_TURN))
    at = store.scalar(con, "ops/retention_cutoff", days=7, now=clock.parse_instant(AT_TURN))
    assert before == datetime(2026, 11, 29, tzinfo=SEOUL)  # Sunday 6 Dec minus 7 days
    assert at == datetime(2026, 11, 30, tzinfo=SEOUL)  # Monday 7 Dec minus 7 days


def test_the_default_as_of_without_events_is_the_end_of_the_clocks_hour(monkeypatch):
    db = store.Database(None, SEOUL, read_only=False)
    con = db.connect()
    store.migrate(con)
    monkeypatch.setenv(clock.ENV, BEFORE_TURN)
    assert default_as_of(con, db) == datetime(2026, 12, 7, 0, tzinfo=SEOUL)
    monkeypatch.setenv(clock.ENV, AT_TURN)
    assert default_as_of(con, db) == datetime(2026, 12, 7, 1, tzinfo=SEOUL)


@pytest.fixture
def loaded_before_the_turn(tmp_path):
    """Events up to 2026-12-06 14:00 UTC, loaded by a run whose clock says 14:30."""
    inbox = tmp_path / "inbox"
    write_events(inbox / "events.jsonl", 0, 100, "2026-12-06T12:00:00Z", span_hours=2)
    db = tmp_path / "nd.duckdb"
    env = child_env(NEWSDASH_NOW="2026-12-06T14:30:00Z")
    run = newsdash("etl", "--inbox", inbox, "--db", db, "--no-export", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    return db


def test_a_run_records_the_clocks_time_not_the_machines(loaded_before_the_turn, tmp_path):
    env = child_env(NEWSDASH_NOW="2026-12-06T14:30:00Z")
    out = newsdash(
        "status", "--db", loaded_before_the_turn, "--format", "json", cwd=tmp_path, env=env
    )
    run = json.loads(out.stdout)["last_run"]
    assert run["started"] == run["finished"] == "2026-12-06T23:30:00+09:00"


def test_status_max_age_is_measured_from_the_clock_on_both_sides_of_the_limit(
    loaded_before_the_turn, tmp_path
):
    newest = json.loads(
        newsdash("status", "--db", loaded_before_the_turn, "--format", "json", cwd=tmp_path).stdout
    )["last_event"]
    limit = datetime.fromisoformat(newest) + timedelta(hours=1)
    for moment, code in ((limit - timedelta(seconds=1), 0), (limit + timedelta(seconds=1), 1)):
        env = child_env(NEWSDASH_NOW=moment.isoformat())
        out = newsdash(
            "status", "--db", loaded_before_the_turn, "--max-age", "1", cwd=tmp_path, env=env
        )
        assert out.returncode == code, (moment, out.stderr)


def test_an_event_more_than_a_day_after_the_clock_is_future_time(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = [
        {
            "event_id": f"e{i}",
            "event_time": "2026-12-07T15:00:00Z",
            "event_type": "view",
            "article_id": "A1",
        }
        for i in (1, 2)
    ]
    (inbox / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    for moment, rejected in ((BEFORE_TURN, 2), (AT_TURN, 0)):
        db = tmp_path / f"{moment[11:13]}.duckdb"
        env = child_env(NEWSDASH_NOW=moment)
        run = newsdash("etl", "--inbox", inbox, "--db", db, "--no-export", cwd=tmp_path, env=env)
        assert run.returncode == 0, run.stderr
        out = newsdash("status", "--db", db, "--format", "json", cwd=tmp_path, env=env)
        assert json.loads(out.stdout)["rejected_by_reason"].get("future_time", 0) == rejected


def test_a_backup_is_named_after_the_clock_in_the_process_that_made_it(
    loaded_before_the_turn, tmp_path
):
    env = child_env(NEWSDASH_NOW=AT_TURN)
    out = newsdash(
        "backup", tmp_path / "backups", "--db", loaded_before_the_turn, cwd=tmp_path, env=env
    )
    assert out.returncode == 0, out.stderr
    backups = tmp_path / "backups"
    assert sorted(p.name for p in backups.iterdir()) == ["lake", "nd-20261206T150000Z.duckdb"]
