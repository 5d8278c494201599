"""A run on the standby gives the file a copy would give: the journal replays every change.

Two warehouses take the same runs: in `swap` each run takes the standby (the file published
before) and applies the published file's journal to it (etl/journal.py, etl/standby.py); in
`copy` the standby is removed before each run, so each run copies the published file as before
the journal existed. After every run the two published files hold the same rows in every table
and the same sequence values. Inputs: micro-batches cut from the bundled sample data (views,
likes, shares, comments, attention, boxes, referrers; duplicates and rejected lines), article
metadata that changes between runs. Real files, real runs; kills are real SIGKILLs.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsdash.etl import journal
from newsdash.etl.inbox import InputFile
from newsdash.etl.publish import working_path
from newsdash.etl.run import run_etl
from newsdash.etl.swap import standby_path
from newsdash.settings import Settings, sample_data
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

CHUNK = 1000
JOURNAL_TABLES = {"publication", "journal_statements", "journal_inputs"}


def chunks(folder: Path) -> list[Path]:
    """The first two sample files cut into files of CHUNK lines, plus one that repeats lines of
    an earlier chunk (duplicates across runs)."""
    lines = []
    for path in sorted(sample_data().glob("events_*.jsonl.gz"))[:2]:
        lines += gzip.decompress(path.read_bytes()).decode("utf-8").splitlines(keepends=True)
    folder.mkdir(parents=True, exist_ok=True)
    cut = [lines[i : i + CHUNK] for i in range(0, 4 * CHUNK, CHUNK)]
    cut.append(cut[1][:300] + lines[4 * CHUNK : 5 * CHUNK])
    files = []
    for n, part in enumerate(cut, start=1):
        files.append(folder / f"events_{n}.jsonl")
        files[-1].write_text("".join(part), encoding="utf-8")
    return files


def articles(folder: Path, retitled: bool) -> Path:
    """The sample's article metadata; `retitled`: every title changed (a late correction)."""
    text = (sample_data() / "articles.csv").read_text(encoding="utf-8")
    if retitled:
        head, *rows = text.splitlines(keepends=True)
        text = head + "".join(row.replace(",", ",(fixed) ", 1) for row in rows)
    path = folder / ("articles_fixed.csv" if retitled else "articles.csv")
    path.write_text(text, encoding="utf-8")
    return path


def rows_by_table(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
        ).fetchall()
        tables = {
            name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
            for (name,) in names
            if name not in JOURNAL_TABLES
        }
        tables["(sequences)"] = con.execute(
            "SELECT sequence_name, last_value FROM duckdb_sequences() ORDER BY 1"
        ).fetchall()
        return tables
    finally:
        con.close()


def live_run(settings: Settings, *sources: InputFile) -> None:
    result = run_etl(settings, list(sources), read_back=False)
    assert result.status == "ok", result.message


def warehouse(root: Path, name: str) -> Settings:
    return Settings(
        db=root / name / "nd.duckdb",
        inbox=root / "inbox",
        export_dir=root / name / "exports",
        export_after_etl=False,
    )


def inode(path: Path) -> int:
    return path.stat().st_ino


def run_on_standby(settings: Settings, *sources: InputFile) -> bool:
    """Run, and say whether the run wrote into the standby (it is then the published file)
    rather than a copy. The standby is held open meanwhile, so its inode number cannot be
    freed and given to a copy."""
    standby = standby_path(settings.db)
    if not standby.exists():
        live_run(settings, *sources)
        return False
    with standby.open("rb") as held:
        live_run(settings, *sources)
        return inode(settings.db) == os.fstat(held.fileno()).st_ino


def test_runs_on_the_standby_give_the_files_runs_that_copy_give(tmp_path):
    swap, copy = warehouse(tmp_path, "swap"), warehouse(tmp_path, "copy")
    files = chunks(tmp_path / "in")
    runs = [
        [InputFile(articles(tmp_path / "in", False), "articles"), InputFile(files[0], "events")],
        [InputFile(files[1], "events")],
        [InputFile(files[2], "events")],
        [InputFile(articles(tmp_path / "in", True), "articles"), InputFile(files[3], "events")],
        [InputFile(files[4], "events")],
    ]
    for number, sources in enumerate(runs, start=1):
        on_standby = run_on_standby(swap, *sources)
        standby_path(copy.db).unlink(missing_ok=True)
        live_run(copy, *sources)
        assert rows_by_table(swap.db) == rows_by_table(copy.db), f"after run {number}"
        # From the third run on, a standby exists that the journal applies to.
        assert on_standby == (number >= 3), f"run {number}"


HOLD = (
    "import sys, duckdb; con = duckdb.connect(sys.argv[1], read_only=True); "
    "con.execute('SELECT count(*) FROM runs').fetchall(); print('holding', flush=True); "
    "sys.stdin.readline()"
)


def test_a_reader_still_on_the_standby_makes_the_run_copy_and_keeps_its_file(tmp_path):
    """A reader that opened the file while it was published (another process: DuckDB's locks
    are per process) still reads it: the run waits a moment, then copies, never writing it."""
    swap, copy = warehouse(tmp_path, "swap"), warehouse(tmp_path, "copy")
    files = chunks(tmp_path / "in")
    first = [InputFile(articles(tmp_path / "in", False), "articles"), InputFile(files[0], "events")]
    for settings in (swap, copy):
        live_run(settings, *first)
        live_run(settings, InputFile(files[1], "events"))
    held = standby_path(swap.db)
    before, held_inode = sha256(held), inode(held)
    with held.open("rb") as still_there:
        reader = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(held)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        try:
            assert reader.stdout.readline().strip() == "holding"
            live_run(swap, InputFile(files[2], "events"))
        finally:
            reader.communicate("\n", timeout=60)
        assert inode(swap.db) != held_inode  # the run copied
        assert hashlib.sha256(still_there.read()).hexdigest() == before  # and never wrote it
    live_run(copy, InputFile(files[2], "events"))
    assert rows_by_table(swap.db) == rows_by_table(copy.db)


def test_a_journal_larger_than_its_share_is_given_up_and_the_next_run_copies(tmp_path, monkeypatch):
    swap, copy = warehouse(tmp_path, "swap"), warehouse(tmp_path, "copy")
    files = chunks(tmp_path / "in")
    first = [InputFile(articles(tmp_path / "in", False), "articles"), InputFile(files[0], "events")]
    for settings in (swap, copy):
        live_run(settings, *first)
    # A batch of the rest of the sample (tens of thousands of events) into a warehouse of one
    # chunk: its journal would be more than a quarter of the file (the floor set aside).
    monkeypatch.setattr(journal, "JOURNAL_FLOOR", 0)
    rest = [InputFile(p, "events") for p in sorted(sample_data().glob("events_*.jsonl.gz"))[2:5]]
    live_run(swap, *rest)
    state = duckdb.connect(str(swap.db), read_only=True)
    assert state.execute("SELECT journal FROM publication").fetchall() == [("none",)]
    assert state.execute("SELECT count(*) FROM journal_inputs").fetchall() == [(0,)]
    state.close()
    monkeypatch.undo()
    assert not run_on_standby(swap, InputFile(files[2], "events"))
    for sources in (rest, [InputFile(files[2], "events")]):
        live_run(copy, *sources)
    assert rows_by_table(swap.db) == rows_by_table(copy.db)


def test_a_standby_the_journal_was_not_made_from_is_never_used(tmp_path):
    """Tokens decide, not names: a file of another lineage under the standby's name is dropped."""
    swap, other = warehouse(tmp_path, "swap"), warehouse(tmp_path, "other")
    files = chunks(tmp_path / "in")
    meta = InputFile(articles(tmp_path / "in", False), "articles")
    for settings in (swap, other):
        live_run(settings, meta, InputFile(files[0], "events"))
        live_run(settings, InputFile(files[1], "events"))
    shutil.copyfile(other.db, standby_path(swap.db))  # same generation number, other tokens
    reference = warehouse(tmp_path, "reference")
    live_run(reference, meta, InputFile(files[0], "events"))
    live_run(reference, InputFile(files[1], "events"))
    for settings in (swap, reference):
        live_run(settings, InputFile(files[2], "events"))
    assert rows_by_table(swap.db) == rows_by_table(reference.db)


# Kills during the swap: real processes, real SIGKILL (as tests/test_ops_kill.py does for the
# rest of a run). The world: a warehouse published twice (so a standby and a journal exist),
# then two more files in the inbox.
START = "2025-10-20T00:00:00Z"
PER_FILE = 1500


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("swapkill")
    inbox = root / "inbox"
    write_articles(inbox / "articles.csv")
    write_events(inbox / "events_1.jsonl", 0, PER_FILE, START)
    stage = root / "stage" / "nd.duckdb"
    assert etl(stage, inbox, cwd=root).returncode == 0
    write_events(inbox / "events_2.jsonl", PER_FILE - 200, PER_FILE, START)
    assert etl(stage, inbox, cwd=root).returncode == 0
    assert standby_path(stage).exists()
    for n in (3, 4):
        write_events(inbox / f"events_{n}.jsonl", (n - 1) * PER_FILE - 200, PER_FILE, START)
    reference = root / "reference" / "nd.duckdb"
    assert etl(reference, inbox, cwd=root).returncode == 0
    return inbox, stage, snapshot(reference)


SWAP_MOMENTS = {
    "standby:taken": "the standby renamed to the working file, its journal not applied yet",
    "standby:ready": "the journal applied, nothing loaded yet",
    "swap:linked": "publishing: the published file linked aside, the new one not renamed yet",
    "publish:renamed": "publishing: every rename done, the folder not fsync'd yet",
}


@pytest.mark.parametrize("point", list(SWAP_MOMENTS), ids=list(SWAP_MOMENTS))
def test_a_run_killed_during_the_swap_is_finished_by_the_next(world, tmp_path, point):
    inbox, stage, reference = world
    db = tmp_path / "nd.duckdb"
    for suffix in ("", ".standby"):
        shutil.copyfile(stage.with_name(stage.name + suffix), db.with_name(db.name + suffix))
    shutil.copytree(stage.with_name(stage.name + ".lake"), db.with_name(db.name + ".lake"))
    before = sha256(db)
    victim = start_etl(db, inbox, cwd=tmp_path, stop_at=point)
    wait_until_stopped(victim)
    kill9(victim)
    if point != "publish:renamed":
        assert sha256(db) == before, f"published file changed by a run killed at {point}"
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    assert snapshot(db) == reference
    assert leftovers(tmp_path) == [] and not working_path(db).exists()
    assert not any(p.name.endswith(".previous") for p in tmp_path.iterdir())
    assert os.path.exists(standby_path(db))
