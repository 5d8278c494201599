"""A file that fails is never lost quietly: it fails alone, it is loaded when it comes back (under
its name or another), and until then (or until someone dismisses it, saying why) the warehouse
is not healthy. Real `newsdash` processes, real files; a file disappears at an exact moment
of a run through the test points (etl/testpoints.py)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.support.ops import (
    child_env,
    etl,
    kill9,
    newsdash,
    resume,
    sha256,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

START = "2025-10-20T00:00:00Z"


@dataclass
class World:
    inbox: Path  # articles.csv, events_1.jsonl, events_2.jsonl, events_3.jsonl
    events: list[tuple]  # (event_id, is_bot) of one clean run over the whole inbox


def accepted(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT event_id, is_bot FROM events ORDER BY ALL").fetchall()
    finally:
        con.close()


def ledger(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT name, status, sha256 FROM files ORDER BY file_id").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    root = tmp_path_factory.mktemp("failed")
    inbox = root / "inbox"
    write_articles(inbox / "articles.csv")
    for n in (1, 2, 3):
        write_events(inbox / f"events_{n}.jsonl", (n - 1) * 3000, 3000, START)
    reference = root / "reference" / "nd.duckdb"
    assert etl(reference, inbox, cwd=root).returncode == 0
    return World(inbox, accepted(reference))


@pytest.fixture
def inbox(world, tmp_path) -> Path:
    mine = tmp_path / "inbox"
    shutil.copytree(world.inbox, mine)
    return mine


def remove_at(db: Path, inbox: Path, cwd: Path, point: str, name: str) -> str:
    """Run `newsdash etl`, stop it at `point`, take `name` out of the inbox (kept aside in
    `cwd`), let the run go on; its output."""
    run = start_etl(db, inbox, cwd=cwd, stop_at=point)
    wait_until_stopped(run)
    (inbox / name).rename(cwd / name)
    resume(run)
    assert run.wait(timeout=120) == 3, run.log_path.read_text()
    return run.log_path.read_text()


def healthy(db: Path, cwd: Path):
    """`status --max-age` with the largest age it takes: only failed files can make it fail."""
    return newsdash("status", "--db", db, "--max-age", "87600", cwd=cwd)


def test_a_file_that_vanishes_between_discovery_and_hashing_fails_alone(world, inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    # articles.csv is hashed first, events_1 second: stop before events_2 is hashed.
    log = remove_at(db, inbox, tmp_path, "file:hashing#3", "events_2.jsonl")
    assert "FAILED  events_2.jsonl: cannot read the file: No such file or directory" in log
    assert "Traceback" not in log and "published data is unchanged" not in log
    assert [(name, status) for name, status, _ in ledger(db)] == [
        ("articles.csv", "loaded"),
        ("events_1.jsonl", "loaded"),
        ("events_2.jsonl", "failed"),
        ("events_3.jsonl", "loaded"),
    ]
    (tmp_path / "events_2.jsonl").rename(inbox / "events_2.jsonl")
    again = etl(db, inbox, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert accepted(db) == world.events
    assert healthy(db, tmp_path).returncode == 0


@pytest.mark.parametrize("comes_back_as", ["events_2.jsonl", "events_2_resent.jsonl"])
def test_a_file_that_failed_is_loaded_when_its_bytes_come_back(
    world, inbox, tmp_path, comes_back_as
):
    db = tmp_path / "nd.duckdb"
    # Hashed, then gone before it is read (rotated, or a network mount that went away).
    log = remove_at(db, inbox, tmp_path, "file:hashed#3", "events_2.jsonl")
    assert "FAILED  events_2.jsonl:" in log
    failed = healthy(db, tmp_path)
    assert failed.returncode == 1 and "events_2.jsonl" in failed.stderr
    (tmp_path / "events_2.jsonl").rename(inbox / comes_back_as)
    again = etl(db, inbox, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"loaded  {comes_back_as}: 3,000 read" in again.stderr
    assert accepted(db) == world.events
    assert healthy(db, tmp_path).returncode == 0


def test_a_file_that_keeps_failing_keeps_every_run_partial(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    (inbox / "events_4.jsonl").write_text("this is not JSON Lines\n")
    assert etl(db, inbox, cwd=tmp_path).returncode == 3
    again = etl(db, inbox, cwd=tmp_path)
    assert again.returncode == 3, again.stderr  # tried again, failed again: not skipped
    assert "FAILED  events_4.jsonl: not JSON Lines" in again.stderr
    status = newsdash("status", "--db", db, "--format", "json", cwd=tmp_path)
    (failed,) = json.loads(status.stdout)["failed_files"]  # one file, however many attempts
    assert failed["name"] == "events_4.jsonl" and failed["reason"].startswith("not JSON Lines")


def test_a_failed_file_that_never_comes_back_stays_a_problem_until_dismissed(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    remove_at(db, inbox, tmp_path, "file:hashed#3", "events_2.jsonl")
    later = etl(db, inbox, cwd=tmp_path)  # nothing new: the run itself is ok
    assert later.returncode == 0, later.stderr
    check = healthy(db, tmp_path)
    assert check.returncode == 1
    assert "failed file events_2.jsonl" in check.stderr and "newsdash dismiss" in check.stderr

    out = newsdash(
        "dismiss", "events_2.jsonl", "--db", db, "--reason", "re-sent by the site as day 2b",
        cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert healthy(db, tmp_path).returncode == 0
    status = json.loads(newsdash("status", "--db", db, "--format", "json", cwd=tmp_path).stdout)
    assert status["failed_files"] == []
    (dismissed,) = status["dismissed_files"]
    assert dismissed["name"] == "events_2.jsonl"
    assert dismissed["dismissed_because"] == "re-sent by the site as day 2b"
    text = newsdash("status", "--db", db, cwd=tmp_path).stdout
    assert "dismissed     events_2.jsonl" in text and "re-sent by the site as day 2b" in text


def test_a_dismissed_file_that_comes_back_is_skipped_saying_so(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    (inbox / "events_4.jsonl").write_text("this is not JSON Lines\n")
    assert etl(db, inbox, cwd=tmp_path).returncode == 3
    out = newsdash("dismiss", "events_4.jsonl", "--db", db, "--reason", "junk", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    again = etl(db, inbox, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "skipped events_4.jsonl: same content as events_4.jsonl, dismissed (junk)" in (
        again.stderr
    )


def test_dismiss_needs_a_failed_file_and_a_reason(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    before = sha256(db)
    out = newsdash("dismiss", "events_1.jsonl", "--db", db, "--reason", "x", cwd=tmp_path)
    assert out.returncode == 2
    assert "events_1.jsonl is not a failed file to deal with" in out.stderr
    empty = newsdash("dismiss", "events_1.jsonl", "--db", db, "--reason", " ", cwd=tmp_path)
    assert empty.returncode == 2 and "--reason" in empty.stderr
    assert sha256(db) == before


def test_dismiss_waits_for_no_run(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    (inbox / "events_4.jsonl").write_text("this is not JSON Lines\n")
    assert etl(db, inbox, cwd=tmp_path).returncode == 3
    run = start_etl(db, inbox, cwd=tmp_path, stop_at="run:started")
    wait_until_stopped(run)
    try:
        out = newsdash("dismiss", "events_4.jsonl", "--db", db, "--reason", "x", cwd=tmp_path)
    finally:
        kill9(run)
    assert out.returncode == 75 and f"(PID {run.pid}) holds the lock" in out.stderr


def test_dismiss_by_file_id(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    (inbox / "events_4.jsonl").write_text("this is not JSON Lines\n")
    assert etl(db, inbox, cwd=tmp_path).returncode == 3
    status = json.loads(newsdash("status", "--db", db, "--format", "json", cwd=tmp_path).stdout)
    (failed,) = status["failed_files"]
    proc = newsdash(
        "dismiss", str(failed["file_id"]), "--db", db, "--reason", "x", cwd=tmp_path,
        env=child_env(NEWSDASH_NOW="2025-11-01T09:00:00+09:00"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    status = json.loads(newsdash("status", "--db", db, "--format", "json", cwd=tmp_path).stdout)
    assert status["dismissed_files"][0]["dismissed_at"] == "2025-11-01T09:00:00+09:00"


def test_status_before_the_upgrade_counts_every_failed_file(inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    (inbox / "events_4.jsonl").write_text("this is not JSON Lines\n")
    assert etl(db, inbox, cwd=tmp_path).returncode == 3
    con = duckdb.connect(str(db))  # as the release before schema 5 left it
    con.execute("DROP VIEW failed_files_to_deal_with")
    con.execute("DROP TABLE dismissed_files")
    con.execute("DELETE FROM schema_migrations WHERE version >= 5")  # and every later one
    con.close()
    check = healthy(db, tmp_path)
    assert check.returncode == 1 and "failed file events_4.jsonl" in check.stderr
    status = json.loads(newsdash("status", "--db", db, "--format", "json", cwd=tmp_path).stdout)
    assert [f["name"] for f in status["failed_files"]] == ["events_4.jsonl"]
    assert status["dismissed_files"] == []
