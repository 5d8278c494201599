"""A run loads what the collector accepted until the run began, not until its last rotation:
the run asks the collector to cut its open file (etl/collect/cut_request.py) and waits for it,
briefly, and never for a file no live collector holds. Real collector over HTTP, real runs."""

from __future__ import annotations

import os

from newsdash.etl.collect.cut_request import STALE_SECONDS, cut_open_files
from tests.support.collect import Collector, finished_files, part_files, records, run_newsdash

NOW = "2025-10-31T09:30:00+09:00"
VIEW = {"event_type": "view", "article_id": "A1", "event_id": "cut-1"}


def test_a_run_loads_the_event_accepted_a_moment_ago_although_the_file_is_not_due(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("NEWSDASH_NOW", NOW)
    collector = Collector(tmp_path, rotate_seconds=3600, rotate_events=1_000_000).start(now=NOW)
    try:
        assert collector.post([VIEW]).status == 202
        assert part_files(collector.inbox) and not finished_files(collector.inbox)
        run = run_newsdash(collector.config, "etl", "--live", "--inbox", str(collector.inbox))
        assert run.returncode == 0, run.stderr
        assert "1 loaded" in run.stdout
        assert [r["event_id"] for r in records(collector.inbox)] == ["cut-1"]
        assert not (collector.inbox / ".cut").exists(), "the request is gone after the run"
    finally:
        collector.stop()


def test_the_collector_cuts_once_per_request(tmp_path):
    collector = Collector(tmp_path, rotate_seconds=3600, rotate_events=1_000_000).start(now=NOW)
    try:
        assert collector.post([VIEW]).status == 202
        [part] = part_files(collector.inbox)
        assert cut_open_files(collector.inbox, patience=20) == [part]
        assert not part.exists() and len(finished_files(collector.inbox)) == 1
        assert collector.post([{**VIEW, "event_id": "cut-2"}]).status == 202
        assert part_files(collector.inbox), "no new request, so the new file stays open"
    finally:
        collector.stop()


def test_a_file_left_by_a_dead_collector_is_not_waited_for(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    dead = inbox / "collect_20251031T000000_000001.jsonl.part"
    dead.write_text('{"event_type": "view"}\n')
    long_ago = dead.stat().st_mtime - STALE_SECONDS - 60
    os.utime(dead, (long_ago, long_ago))
    assert cut_open_files(inbox, patience=20) == []
    assert dead.exists() and not (inbox / ".cut").exists()


def test_without_a_collector_the_run_waits_only_its_patience(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fresh = inbox / "collect_20251031T000000_000001.jsonl.part"
    fresh.write_text('{"event_type": "view"}\n')
    assert cut_open_files(inbox, patience=0.05) == [fresh]
    assert fresh.exists() and not (inbox / ".cut").exists()
