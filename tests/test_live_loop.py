"""The ETL loop of `newsdash demo` (etl/every_minute.py): it starts a run at once and then one
per period, never two at once, reports what a run loaded, and stopping it stops a run in
progress. Real child processes; polled with a deadline."""

from __future__ import annotations

import subprocess
import sys
import time

from newsdash.etl.every_minute import EtlLoop, live_command, report
from tests.support.collect import wait_for


def test_the_loop_runs_at_once_then_every_period_one_at_a_time(tmp_path):
    marks = tmp_path / "marks"
    command = [sys.executable, "-c",
               f"import os, time; p = {str(marks)!r}; open(p, 'a').write('s'); time.sleep(0.3);"
               f" open(p, 'a').write('e')"]  # fmt: skip
    done: list[int] = []
    loop = EtlLoop(command, every=0.1, on_done=lambda d: done.append(d.returncode)).start()
    try:
        wait_for(lambda: len(done) >= 3, "three runs", timeout=30)
    finally:
        loop.stop()
    text = marks.read_text()
    assert text.startswith("sese") and "ss" not in text, "a run starts after the last ended"
    assert set(done) == {0}


def test_stopping_the_loop_stops_the_run_in_progress(tmp_path):
    loop = EtlLoop([sys.executable, "-c", "import time; time.sleep(60)"], every=60).start()
    wait_for(lambda: loop._proc is not None, "the run started")
    started = time.monotonic()
    loop.stop()
    assert time.monotonic() - started < 20
    assert loop._proc.poll() is not None, "the run is gone"


def test_a_run_reports_the_files_it_loaded_and_a_locked_out_run_says_nothing(capsys):
    loaded = "newsdash etl: nd.duckdb\n  loaded  collect_1.jsonl: 2 read, 2 loaded, 0 duplicates\n"
    report(subprocess.CompletedProcess([], 0, "run #7 ok: 1 files loaded\n", loaded))
    report(subprocess.CompletedProcess([], 75, "", "newsdash etl: another run holds the lock\n"))
    report(subprocess.CompletedProcess([], 0, "run #8 ok: 0 files loaded\n", "newsdash etl: x\n"))
    shown = capsys.readouterr().err.splitlines()
    assert shown == ["newsdash etl --live: loaded  collect_1.jsonl: 2 read, 2 loaded, 0 duplicates",
                     "newsdash etl --live: run #7 ok: 1 files loaded"]  # fmt: skip


def test_the_loop_runs_the_command_the_timer_runs(tmp_path):
    command = live_command(tmp_path / "newsdash.toml", tmp_path / "inbox")
    assert command[1:] == ["-m", "newsdash", "--config", str(tmp_path / "newsdash.toml"), "etl",
                           "--live", "--inbox", str(tmp_path / "inbox")]  # fmt: skip
