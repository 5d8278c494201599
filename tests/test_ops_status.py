"""`newsdash status --max-age HOURS`: exit 0 when fresh and the last run ended ok; exit 1 and
one line on stderr per problem otherwise (stale data, a run that did not end ok, no data)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from newsdash.etl.status_check import problems
from tests.support.ops import etl, newsdash, write_events

pytestmark = pytest.mark.clock  # also run by the clock guard (Makefile)


def iso_hours_before(now: datetime, hours: float) -> str:
    return (now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def fresh_db(tmp_path, now):
    """Events up to about an hour before the suite's now, loaded by a clean run."""
    inbox = tmp_path / "inbox"
    write_events(inbox / "events_1.jsonl", 0, 2000, iso_hours_before(now, 4), span_hours=3)
    db = tmp_path / "nd.duckdb"
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    return db, inbox


def test_fresh_data_and_an_ok_run_exit_0(fresh_db, tmp_path):
    db, _ = fresh_db
    out = newsdash("status", "--db", db, "--max-age", "6", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1].startswith("ok: newest event ")
    assert out.stderr == ""


def test_stale_data_exits_1_and_says_how_old(fresh_db, tmp_path):
    db, _ = fresh_db
    out = newsdash("status", "--db", db, "--max-age", "0.5", cwd=tmp_path)
    assert out.returncode == 1
    (line,) = out.stderr.strip().splitlines()
    assert (
        line.startswith("newsdash status: stale: the newest event (") and "more than 0.5 h" in line
    )


def test_a_partial_last_run_exits_1_and_json_lists_the_problem(fresh_db, tmp_path):
    db, inbox = fresh_db
    (inbox / "events_2.jsonl").write_text("not json at all\n")
    assert etl(db, inbox, cwd=tmp_path).returncode == 3
    out = newsdash("status", "--db", db, "--max-age", "6", "--format", "json", cwd=tmp_path)
    assert out.returncode == 1
    status = json.loads(out.stdout)  # stdout stays pure JSON for monitors
    assert status["problems"] == [
        line.removeprefix("newsdash status: ") for line in out.stderr.strip().splitlines()
    ]
    assert status["problems"][0].startswith("last run #2 ended partial, 1 file(s) failed")


def test_max_age_without_a_database_exits_1(tmp_path):
    out = newsdash("status", "--db", tmp_path / "none.duckdb", "--max-age", "24", cwd=tmp_path)
    assert out.returncode == 1
    assert "no data yet" in out.stderr


def test_without_max_age_status_keeps_exit_0(tmp_path):
    out = newsdash("status", "--db", tmp_path / "none.duckdb", cwd=tmp_path)
    assert out.returncode == 0


def test_max_age_must_be_positive(tmp_path):
    out = newsdash("status", "--db", tmp_path / "x.duckdb", "--max-age", "0", cwd=tmp_path)
    assert out.returncode == 2


def base_status(**over) -> dict:
    status = {
        "database": "nd.duckdb",
        "database_exists": True,
        "last_event": "2025-10-31T09:00:00+09:00",
        "last_run": {
            "run_id": 7,
            "status": "ok",
            "finished": "2025-10-31T00:31:00+09:00",
            "failed_files": 0,
            "message": None,
        },
    }
    status.update(over)
    return status


NOW = datetime(2025, 10, 31, 12, 0, tzinfo=UTC)  # 21:00 in Seoul: newest event 12 h old


@pytest.mark.parametrize(
    ("status", "max_age", "expected"),
    [
        (base_status(), 12.5, []),
        (
            base_status(),
            11.5,
            ["stale: the newest event (2025-10-31T09:00:00+09:00) is 12.0 h old, more than 11.5 h"],
        ),
        (base_status(last_event=None), 30, ["no events loaded yet"]),
        (
            base_status(
                last_run={
                    "run_id": 8,
                    "status": "failed",
                    "finished": "x",
                    "failed_files": 0,
                    "message": "inbox folder does not exist",
                }
            ),
            30,
            ["last run #8 ended failed (finished x): inbox folder does not exist"],
        ),
    ],
)
def test_problems_are_stale_data_no_events_or_a_last_run_not_ok(status, max_age, expected):
    assert problems(status, max_age, now=NOW) == expected
