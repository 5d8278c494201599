"""Disk full, a read-only folder, a missing inbox, a corrupt database: one clear line each, a
non-zero exit, and the data already published untouched (byte for byte, and still readable).

The full and read-only disks are real: a size-limited tmpfs mounted for the test (root only;
otherwise those tests skip and say why)."""

from __future__ import annotations

import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdash.etl.publish import working_path
from tests.support.ops import (
    etl,
    fill,
    leftovers,
    newsdash,
    remount,
    sha256,
    small_disk,
    snapshot,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

START = "2025-10-20T00:00:00Z"


@dataclass
class Inboxes:
    first: Path  # articles + events_1: what the published database holds
    full: Path  # the same plus events_2 and events_3
    reference: dict  # one clean run over `full`


@pytest.fixture(scope="module")
def inboxes(tmp_path_factory) -> Inboxes:
    root = tmp_path_factory.mktemp("faults")
    first, full = root / "first", root / "full"
    write_articles(first / "articles.csv")
    write_events(first / "events_1.jsonl", 0, 5000, START)
    shutil.copytree(first, full)
    write_events(full / "events_2.jsonl", 5000, 30_000, START)
    write_events(full / "events_3.jsonl", 35_000, 30_000, START)
    ref = root / "ref" / "nd.duckdb"
    assert etl(ref, full, cwd=root).returncode == 0
    return Inboxes(first, full, snapshot(ref))


def published(inboxes: Inboxes, folder: Path) -> Path:
    db = folder / "nd.duckdb"
    done = etl(db, inboxes.first, cwd=folder)
    assert done.returncode == 0, done.stderr
    return db


def one_reason_line(stderr: str) -> str:
    """The run's stderr is the `newsdash etl: <db>` header, file lines, then one reason line."""
    lines = [line for line in stderr.strip().splitlines() if line.startswith("newsdash etl: ")]
    return lines[-1]


def test_a_disk_filling_up_mid_run_fails_it_and_the_next_run_finishes(inboxes, tmp_path):
    with small_disk(tmp_path / "disk", "64m") as disk:
        db = published(inboxes, disk)
        before = sha256(db)
        run = start_etl(db, inboxes.full, cwd=tmp_path, stop_at="run:started")
        wait_until_stopped(run)  # the working copy is made; now the disk fills up
        filler = fill(disk, leave=256 << 10)
        os.kill(run.pid, signal.SIGCONT)
        assert run.wait(timeout=120) == 1
        log = run.log_path.read_text()
        assert one_reason_line(log).startswith(f"newsdash etl: disk full: no space left in {disk}")
        assert "Traceback" not in log
        assert sha256(db) == before
        filler.unlink()  # space again: the next run goes on from the last committed file
        again = etl(db, inboxes.full, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert snapshot(db) == inboxes.reference
        assert leftovers(disk) == [] and not working_path(db).exists()


def test_disk_too_full_for_the_working_copy(inboxes, tmp_path):
    with small_disk(tmp_path / "disk", "64m") as disk:
        db = published(inboxes, disk)
        before = sha256(db)
        filler = fill(disk, leave=1 << 20)
        run = etl(db, inboxes.full, cwd=tmp_path)
        assert run.returncode == 1
        line = one_reason_line(run.stderr)
        assert line.startswith("newsdash etl: disk full: a copy of") and "unchanged" in line
        assert sha256(db) == before and leftovers(disk) == []
        filler.unlink()
        assert etl(db, inboxes.full, cwd=tmp_path).returncode == 0
        assert snapshot(db) == inboxes.reference


def test_a_read_only_folder_fails_the_run_in_one_line_and_changes_nothing(inboxes, tmp_path):
    with small_disk(tmp_path / "disk", "32m") as disk:
        db = published(inboxes, disk)
        before = snapshot(db)
        remount(disk, "ro")
        run = etl(db, inboxes.full, cwd=tmp_path)
        assert run.returncode == 1
        assert one_reason_line(run.stderr) == (
            f"newsdash etl: cannot write in {disk}: Read-only file system; make it writable "
            "for this user (the published data is unchanged)"
        )
        assert "Traceback" not in run.stderr
        assert snapshot(db) == before  # and still readable where it is
        status = newsdash("status", "--db", db, cwd=tmp_path)
        assert status.returncode == 0 and "events" in status.stdout
        remount(disk, "rw")
        assert etl(db, inboxes.full, cwd=tmp_path).returncode == 0
        assert snapshot(db) == inboxes.reference


def test_a_missing_inbox_fails_the_run_and_changes_nothing(inboxes, tmp_path):
    db = published(inboxes, tmp_path)
    before = snapshot(db)
    run = etl(db, tmp_path / "no-such-inbox", cwd=tmp_path)
    assert run.returncode == 1
    assert one_reason_line(run.stderr) == (
        f"newsdash etl: {tmp_path / 'no-such-inbox'}: inbox folder does not exist "
        "(set [etl] inbox in the config)"
    )
    assert snapshot(db) == before


def test_corrupt_published_database_is_left_alone(tmp_path):
    db = tmp_path / "nd.duckdb"
    db.write_bytes(os.urandom(3 << 20))
    before = sha256(db)
    run = etl(db, tmp_path, cwd=tmp_path)
    assert run.returncode == 1
    line = one_reason_line(run.stderr)
    assert line.startswith(f"newsdash etl: {db} is not a readable newsdash database (")
    assert line.endswith("restore a backup with `newsdash restore FILE`")
    assert sha256(db) == before and not working_path(db).exists()
    status = newsdash("status", "--db", db, "--max-age", "24", cwd=tmp_path)
    assert status.returncode == 1 and "not a readable newsdash database" in status.stderr


def test_truncated_published_database_is_left_alone(inboxes, tmp_path):
    db = published(inboxes, tmp_path)
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 3)
    before = sha256(db)
    run = etl(db, inboxes.full, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    line = one_reason_line(run.stderr)
    assert f"{db}" in line and ("damaged" in line or "not a readable" in line)
    assert line.endswith("restore a backup with `newsdash restore FILE`")
    assert "Traceback" not in run.stderr
    assert sha256(db) == before and not working_path(db).exists()


def test_corrupt_working_file_is_set_aside_and_the_run_starts_again(inboxes, tmp_path):
    db = published(inboxes, tmp_path)
    working_path(db).write_bytes(os.urandom(1 << 20))
    run = etl(db, inboxes.full, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "warning: the working file left by an earlier run was unreadable" in run.stderr
    assert (tmp_path / "nd.duckdb.work.corrupt").exists()
    assert snapshot(db) == inboxes.reference
