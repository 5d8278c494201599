"""Damage nobody would notice: 64 KB of garbage in a block of a database file.

DuckDB checks a block's checksum only when it reads the block, so garbage in a block that no
query of the day reads would be copied by every run and every backup. Nothing damaged is ever
published or kept as a backup (etl/verify.py reads every block first); the readers' commands
say in one line that the file is damaged. Real files, real `newsdash` processes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import duckdb
import pytest

from newsdash.etl.publish import working_path
from newsdash.etl.verify import DatabaseDamaged, verify_database
from tests.support.lake import copy_warehouse
from tests.support.ops import (
    etl,
    newsdash,
    resume,
    sha256,
    snapshot,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

START = "2025-10-20T00:00:00Z"
HEADERS, BLOCK = 3 * 4096, 256 * 1024  # DuckDB's file layout: three 4 KB headers, then blocks


def blocks_of(db: Path, table: str, column: str | None = None) -> list[int]:
    """The blocks holding `table`'s data (or one column's), as DuckDB's storage info says."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(
            "SELECT DISTINCT block_id FROM pragma_storage_info($t) WHERE persistent "
            "AND block_id >= 0 AND column_name = coalesce($c, column_name) ORDER BY 1",
            {"t": table, "c": column},
        ).fetchall()
    finally:
        con.close()
    return [block for (block,) in found]


def block_count(db: Path) -> int:
    return (db.stat().st_size - HEADERS) // BLOCK


def garble(db: Path, block: int, seed: int = 0) -> None:
    """Write 64 KB of random bytes somewhere inside `block` (its checksum left as it was)."""
    rnd = random.Random(seed)
    with db.open("r+b") as fh:
        fh.seek(HEADERS + block * BLOCK + rnd.randrange(8, BLOCK - (64 << 10)))
        fh.write(rnd.randbytes(64 << 10))


def middle_block(db: Path, table: str, column: str | None = None) -> int:
    """Of the table's (or column's) blocks, the one nearest the middle of the file."""
    middle = block_count(db) // 2
    return min(blocks_of(db, table, column), key=lambda block: abs(block - middle))


def reason_line(stderr: str, command: str) -> str:
    lines = [
        line for line in stderr.strip().splitlines() if line.startswith(f"newsdash {command}: ")
    ]
    return lines[-1]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A published database (articles + one events file) and an inbox with one more file."""
    root = tmp_path_factory.mktemp("damage")
    first, more = root / "first", root / "more"
    write_articles(first / "articles.csv")
    write_events(first / "events_1.jsonl", 0, 20_000, START)
    shutil.copytree(first, more)
    write_events(more / "events_2.jsonl", 20_000, 5000, START)
    db = root / "db" / "nd.duckdb"
    assert etl(db, first, cwd=root).returncode == 0
    reference = root / "reference" / "nd.duckdb"
    assert etl(reference, more, cwd=root).returncode == 0
    return db, more, snapshot(reference)


@pytest.fixture
def db(base, tmp_path) -> Path:
    return copy_warehouse(base[0], tmp_path / "nd.duckdb")


def test_garbage_in_any_block_of_a_database_is_found(db, tmp_path):
    con = duckdb.connect(str(db), read_only=True)
    free_blocks = con.execute("SELECT free_blocks FROM pragma_database_size()").fetchone()[0]
    con.close()
    assert free_blocks == 0  # so every block holds something the check must read
    verify_database(db)  # whole
    copy = tmp_path / "copy.duckdb"
    for block in range(block_count(db)):
        shutil.copyfile(db, copy)
        garble(copy, block, seed=block)
        with pytest.raises(DatabaseDamaged, match="Corrupt database file"):
            verify_database(copy)


def test_a_damaged_published_database_is_never_published_again(base, db, tmp_path):
    _, inbox, _ = base
    # The article metadata loaded before: a run without new metadata never reads it, only the check.
    garble(db, middle_block(db, "articles", "title"))
    before = sha256(db)
    run = etl(db, inbox, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    line = reason_line(run.stderr, "etl")
    assert line.startswith(f"newsdash etl: {db} is damaged (Corrupt database file")
    assert line.endswith("restore a backup with `newsdash restore FILE`")
    assert sha256(db) == before
    assert not working_path(db).exists() and (tmp_path / "nd.duckdb.work.corrupt").exists()


def test_damage_done_during_a_run_is_not_published_and_the_next_run_is_clean(base, db, tmp_path):
    _, inbox, reference = base
    before = sha256(db)
    run = start_etl(db, inbox, cwd=tmp_path, stop_at="publish:checking")
    wait_until_stopped(run)  # the run's result is closed, not yet checked
    work = working_path(db)
    garble(work, middle_block(work, "articles", "title"))
    resume(run)
    assert run.wait(timeout=120) == 1
    line = reason_line(run.log_path.read_text(), "etl")
    assert line.startswith("newsdash etl: the run's result is damaged (Corrupt database file")
    assert "nd.duckdb is whole: run again" in line
    assert sha256(db) == before
    again = etl(db, inbox, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert snapshot(db) == reference


def test_a_backup_of_a_damaged_database_is_refused_and_the_last_good_one_kept(db, tmp_path):
    folder = tmp_path / "backups"
    good = newsdash("backup", folder, "--db", db, "--keep", "1", cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    (kept,) = folder.glob("*.duckdb")
    garble(db, middle_block(db, "readers_by_article"))
    out = newsdash("backup", folder, "--db", db, "--keep", "1", cwd=tmp_path)
    assert out.returncode == 1
    line = out.stderr.strip()
    assert line.startswith(f"newsdash backup: {db} is damaged (Corrupt database file")
    assert "no backup was made and none was removed" in line
    assert f"the newest backup is {kept}: restore it with `newsdash restore {kept}`" in line
    assert list(folder.glob("*.duckdb")) == [kept]  # nothing added, nothing rotated out
    restored = newsdash("restore", kept, "--db", db, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    verify_database(db)


def test_a_damaged_backup_is_not_restored(db, tmp_path):
    damaged = tmp_path / "nd-20251101T000000Z.duckdb"
    shutil.copyfile(db, damaged)
    garble(damaged, middle_block(damaged, "readers_by_article"))
    before = sha256(db)
    out = newsdash("restore", damaged, "--db", db, cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.startswith(f"newsdash restore: cannot restore: {damaged} is damaged (")
    assert sha256(db) == before


def damage_rollups(db: Path) -> None:
    for block in blocks_of(db, "hourly"):
        garble(db, block)


def truncate(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 3)


@pytest.mark.parametrize("damage", [damage_rollups, truncate], ids=["garbage", "truncated"])
@pytest.mark.parametrize("command", ["rank", "export"])
def test_rank_and_export_on_a_damaged_file_say_so_in_one_line(db, tmp_path, damage, command):
    damage(db)
    args = ["most_viewed"] if command == "rank" else ["--out", tmp_path / "exports"]
    out = newsdash(command, *args, "--db", db, cwd=tmp_path)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"newsdash {command}: {db} is not a readable newsdash database (")
    assert line.endswith("restore a backup with `newsdash restore FILE`")


def test_the_every_minute_run_leaves_the_read_back_to_the_nightly_run(base, db, tmp_path):
    """A live run's cost must not grow with the file, so it does not read every block back:
    garbage in a block no query of the run reads is published by it and found by the next
    nightly run, which refuses to publish and names the damaged file."""
    _, inbox, _ = base
    garble(db, middle_block(db, "articles", "title"))
    live = newsdash("etl", "--live", "--inbox", inbox, "--db", db, cwd=tmp_path)
    assert live.returncode == 0, live.stderr
    assert "damaged" not in live.stderr
    nightly = etl(db, inbox, cwd=tmp_path)
    assert nightly.returncode == 1, nightly.stderr
    line = reason_line(nightly.stderr, "etl")
    assert line.startswith(f"newsdash etl: {db} is damaged (Corrupt database file")
