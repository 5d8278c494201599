"""Killed at any moment, nothing lost, nothing doubled: real processes, real SIGKILL.

Each case starts from a published database holding an earlier run (articles and the first
events file) with three more files waiting in the inbox. A real `newsdash etl` stops itself at
a named point (`NEWSDASH_STOP_AT`, see etl/testpoints.py), the test kills it there with
SIGKILL, then runs a plain `newsdash etl`. The result must equal, table by table, one clean
run over the whole inbox; until the rename the published file must not have changed by a byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdash.etl.publish import working_path
from tests.support.lake import copy_warehouse
from tests.support.ops import (
    etl,
    kill9,
    leftovers,
    sha256,
    snapshot,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

START = "2025-10-20T00:00:00Z"
PER_FILE = 6000


@dataclass
class World:
    inbox: Path
    stage1: Path  # published database after the first run (articles + events_1)
    reference: dict  # snapshot of one clean run over the whole inbox


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    root = tmp_path_factory.mktemp("kill")
    inbox = root / "inbox"
    write_articles(inbox / "articles.csv")
    write_events(inbox / "events_1.jsonl", 0, PER_FILE, START)
    stage1 = root / "stage1" / "nd.duckdb"
    first = etl(stage1, inbox, cwd=root)
    assert first.returncode == 0, first.stderr
    for n in (2, 3, 4):  # overlapping id ranges: duplicates across files too
        write_events(inbox / f"events_{n}.jsonl", (n - 1) * PER_FILE - 300, PER_FILE, START)
    reference = root / "reference" / "nd.duckdb"
    clean = etl(reference, inbox, cwd=root)
    assert clean.returncode == 0, clean.stderr
    return World(inbox, stage1, snapshot(reference))


def published_copy(world: World, folder: Path) -> Path:
    return copy_warehouse(world.stage1, folder / "nd.duckdb")


MOMENTS = {
    "run:locked": "early: the lock is taken, nothing copied yet",
    "prepare:copied": "the working copy is written but not yet renamed into place",
    "run:started": "the run is recorded, no file loaded",
    "sql:etl/land_events#1": "mid-batch: events_2..4 being read and landed",
    "sql:etl/quarantine_landed#1": "landed in the run's temp table, the settling not begun",
    "batch:landed#1": "the batch's files in the ledger, its settling transaction just begun",
    "sql:etl/drop_landed#1": "settling: duplicates found, not yet deleted",
    "sql:rollup/readers_by_article#1": "settling: during the rollups",
    "lake:files-written#2": "the batch's events written to the lake, not yet committed there",
    "lake:batch-committed#1": "the batch's lake commits done, its database commit not yet",
    "file:done#3": "after the batch: events_2..4 settled and committed",
    "sql:etl/finish_run": "every file loaded, the run being closed",
    "publish:before": "checkpointed and closed, not yet renamed over the published file",
    "publish:renamed": "renamed, the folder not yet fsync'd",
}


@pytest.mark.parametrize("point", list(MOMENTS), ids=list(MOMENTS))
def test_kill9_then_a_clean_run_gives_a_single_clean_runs_tables(world, tmp_path, point):
    db = published_copy(world, tmp_path)
    before = sha256(db)
    victim = start_etl(db, world.inbox, cwd=tmp_path, stop_at=point)
    wait_until_stopped(victim)
    kill9(victim)
    if point != "publish:renamed":
        assert sha256(db) == before, f"published file changed by a run killed at {point}"
    rerun = etl(db, world.inbox, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(db) == world.reference
    assert leftovers(tmp_path) == [] and not working_path(db).exists()


def test_killed_twice_in_a_row_then_a_clean_run(world, tmp_path):
    db = published_copy(world, tmp_path)
    # The second run stops while settling what the first one landed.
    for point in ("sql:rollup/hourly#1", "sql:etl/find_duplicates#1"):
        victim = start_etl(db, world.inbox, cwd=tmp_path, stop_at=point)
        wait_until_stopped(victim)
        kill9(victim)
    rerun = etl(db, world.inbox, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(db) == world.reference


def test_the_killed_run_is_in_the_history_as_killed(world, tmp_path):
    import duckdb

    db = published_copy(world, tmp_path)
    victim = start_etl(db, world.inbox, cwd=tmp_path, stop_at="file:done#3")
    wait_until_stopped(victim)
    kill9(victim)
    assert etl(db, world.inbox, cwd=tmp_path).returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    statuses = con.execute("SELECT status FROM runs ORDER BY run_id").fetchall()
    con.close()
    assert statuses == [("ok",), ("killed",), ("ok",)]
