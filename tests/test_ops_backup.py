"""Backups are consistent copies (even taken while a run is going on) and `newsdash restore`
brings one back safely: under the ETL lock, atomically, and killed halfway it leaves either
the old or the restored database, never a mix."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from newsdash.etl.backup import backup as backup_to
from newsdash.etl.publish import working_path
from tests.support.lake import copy_warehouse
from tests.support.ops import (
    child_env,
    command,
    etl,
    kill9,
    newsdash,
    sha256,
    snapshot,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

pytestmark = pytest.mark.clock  # also run by the clock guard (Makefile)

START = "2025-10-20T00:00:00Z"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A database after one run (articles + events_1), and an inbox with one more file."""
    root = tmp_path_factory.mktemp("backup")
    inbox = root / "inbox"
    write_articles(inbox / "articles.csv")
    write_events(inbox / "events_1.jsonl", 0, 5000, START)
    db = root / "db" / "nd.duckdb"
    assert etl(db, inbox, cwd=root).returncode == 0
    write_events(inbox / "events_2.jsonl", 5000, 5000, START)
    return db, inbox


@pytest.fixture
def loaded(base, tmp_path):
    """This test's own copy of the published database (a plain copy is a whole database)."""
    db, inbox = base
    mine = tmp_path / "db" / "nd.duckdb"
    copy_warehouse(db, mine)
    return mine, inbox


def backup(db, folder, cwd, *extra):
    out = newsdash("backup", folder, "--db", db, *extra, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return sorted(folder.glob("nd-*.duckdb"))


def quick_backup(db, folder):
    """The same, in this process (the command line is tested above)."""
    return Path(backup_to(db, folder, SEOUL)["backup"])


def test_backup_during_a_run_is_the_published_database(loaded, tmp_path):
    db, inbox = loaded
    published = snapshot(db)
    run = start_etl(db, inbox, cwd=tmp_path, stop_at="sql:rollup/hourly#1")
    wait_until_stopped(run)  # a run is mid-file
    try:
        (copy,) = backup(db, tmp_path / "backups", tmp_path)
    finally:
        kill9(run)
    assert copy.name.startswith("nd-") and copy.name.endswith("Z.duckdb")
    assert snapshot(copy) == published


def test_restore_brings_back_the_backup_and_the_next_run_catches_up(loaded, tmp_path):
    db, inbox = loaded
    (copy,) = backup(db, tmp_path / "backups", tmp_path)
    at_backup = snapshot(db)
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    caught_up = snapshot(db)
    assert caught_up != at_backup

    out = newsdash("restore", copy, "--db", db, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"restored {copy} as {db} (run #1")
    assert snapshot(db) == at_backup and not working_path(db).exists()
    # The inbox still holds events_2: the next run loads it again, nothing doubled.
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    assert snapshot(db) == caught_up


def test_restore_waits_for_no_one_it_refuses_while_a_run_holds_the_lock(loaded, tmp_path):
    db, inbox = loaded
    copy = quick_backup(db, tmp_path / "backups")
    run = start_etl(db, inbox, cwd=tmp_path, stop_at="run:started")
    wait_until_stopped(run)
    try:
        out = newsdash("restore", copy, "--db", db, cwd=tmp_path)
    finally:
        kill9(run)
    assert out.returncode == 75
    assert f"(PID {run.pid}) holds the lock" in out.stderr


@pytest.mark.parametrize("point", ["restore:copied", "restore:work-removed"])
def test_a_restore_killed_halfway_leaves_a_whole_database(loaded, tmp_path, point):
    db, inbox = loaded
    copy = quick_backup(db, tmp_path / "backups")
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    newer, newer_tables = sha256(db), snapshot(db)
    victim = subprocess.Popen(
        command("restore", copy, "--db", db), cwd=tmp_path, env=child_env(point)
    )
    wait_until_stopped(victim)
    kill9(victim)
    assert sha256(db) == newer  # not replaced yet: the old database, whole
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    assert snapshot(db) == newer_tables
    again = newsdash("restore", copy, "--db", db, cwd=tmp_path)
    assert again.returncode == 0 and snapshot(db) == snapshot(copy)


def test_a_file_that_is_not_a_database_is_refused_and_nothing_changes(loaded, tmp_path):
    db, _ = loaded
    before = sha256(db)
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database" * 1000)
    out = newsdash("restore", junk, "--db", db, cwd=tmp_path)
    assert out.returncode == 1
    assert f"{junk} is not a readable newsdash database" in out.stderr
    assert sha256(db) == before


def test_keep_n_leaves_only_the_newest_n_backups(loaded, tmp_path):
    db, _ = loaded
    folder = tmp_path / "backups"
    made = [backup_to(db, folder, SEOUL, keep=2)["backup"] for _ in range(3)]
    assert sorted(str(p) for p in folder.glob("nd-*.duckdb")) == sorted(made[1:])


def test_a_backup_from_a_newer_newsdash_is_refused(loaded, tmp_path):
    db, _ = loaded
    before = sha256(db)
    future = tmp_path / "future.duckdb"
    shutil.copyfile(db, future)
    con = duckdb.connect(str(future))
    con.execute(
        "INSERT INTO schema_migrations VALUES (999, 'future', TIMESTAMPTZ '2030-01-01 00:00Z')"
    )
    con.close()
    out = newsdash("restore", future, "--db", db, cwd=tmp_path)
    assert out.returncode == 1
    assert "cannot restore: the database has schema version 999" in out.stderr
    assert sha256(db) == before
