"""One run at a time: a second `newsdash etl` exits 75 at once, naming the holder's PID; a lock
left by a run killed with SIGKILL never blocks the next one (flock dies with its process)."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.support.ops import (
    child_env,
    command,
    etl,
    kill9,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

EXIT_LOCKED = 75


@pytest.fixture(scope="module")
def large_inbox(tmp_path_factory):
    """300,000 events in three files: a run that lasts a few seconds."""
    inbox = tmp_path_factory.mktemp("large") / "inbox"
    write_articles(inbox / "articles.csv")
    for n in range(3):
        write_events(inbox / f"events_{n}.jsonl", n * 100_000, 100_000, "2025-10-01T00:00:00Z")
    return inbox


def test_two_runs_started_together_exactly_one_exits_75(large_inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    argv = command("etl", "--inbox", large_inbox, "--db", db, "--no-export")
    procs = [
        subprocess.Popen(
            argv,
            cwd=tmp_path,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = [
        (p.pid, p.returncode, err) for p in procs for _, err in [p.communicate(timeout=120)]
    ]
    codes = sorted(code for _, code, _ in outcomes)
    assert codes == [0, EXIT_LOCKED], outcomes
    (winner,) = [pid for pid, code, _ in outcomes if code == 0]
    (refused,) = [err for _, code, err in outcomes if code == EXIT_LOCKED]
    assert f"PID {winner}" in refused and "holds the lock" in refused
    assert len(refused.strip().splitlines()) == 2  # "newsdash etl: <db>" + the one reason line


def test_the_refusal_is_immediate_and_names_the_holder(large_inbox, tmp_path):
    db = tmp_path / "nd.duckdb"
    holder = start_etl(db, large_inbox, cwd=tmp_path, stop_at="run:started")
    wait_until_stopped(holder)  # holds the lock, frozen mid-run
    try:
        began = time.monotonic()
        second = etl(db, large_inbox, cwd=tmp_path)
        took = time.monotonic() - began
    finally:
        kill9(holder)
    assert second.returncode == EXIT_LOCKED
    assert f"another newsdash etl (PID {holder.pid}) holds the lock on {db}" in second.stderr
    assert took < 10  # no waiting for the holder: Python start-up is all it costs


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "nd.duckdb"
    for n in range(2):
        write_events(inbox / f"events_{n}.jsonl", n * 5000, 5000, "2025-10-01T00:00:00Z")
    holder = start_etl(db, inbox, cwd=tmp_path, stop_at="sql:rollup/hourly#1")
    wait_until_stopped(holder)
    kill9(holder)
    assert (tmp_path / "nd.duckdb.lock").exists()  # the file stays; the flock on it died
    after = etl(db, inbox, cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    assert "run #2 ok" in after.stdout
