"""Dedupe with raw events in the lake (issue 14): exact across runs within the window (keys in
the database, every key match confirmed on the id in the lake), and a late duplicate (an event
older than the window, re-sent) found on its own day in the lake and counted."""

from __future__ import annotations

from newsdash.etl.status import collect_status
from newsdash.sql import store
from tests.support.inputs import event, load, query, write_jsonl

# The suite's clock is 2026-11-18 14:30 in Seoul; the window is 2026-11-11 .. 2026-11-18.
RECENT = "2026-11-17T10:00:00+09:00"
RECENT_OTHER_DAY = "2026-11-18T09:00:00+09:00"
OLD = "2025-10-30T21:05:00+09:00"


def counts(result) -> list[tuple[int, int]]:
    return [(f.loaded, f.duplicates) for f in result.files]


def test_dedupe_is_exact_across_runs_within_the_window(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "1.jsonl", [event("a", RECENT), event("b", RECENT)]))
    assert query(settings, "SELECT count(*) FROM event_keys") == [(2,)]
    resent = [event("a", RECENT), event("b", RECENT_OTHER_DAY), event("c", RECENT)]
    again = load(settings, write_jsonl(tmp_path / "2.jsonl", resent))
    assert counts(again) == [(1, 2)]  # the first occurrence wins, whatever its other fields say
    assert query(settings, "SELECT event_id FROM events ORDER BY 1") == [("a",), ("b",), ("c",)]
    assert query(settings, "SELECT sum(late_duplicates) FROM files") == [(0,)]


def test_a_key_match_of_another_id_is_not_a_duplicate(settings, tmp_path):
    """Only a key match confirmed on the id text in the lake drops an event (hash collision)."""
    load(settings, write_jsonl(tmp_path / "1.jsonl", [event("a", RECENT)]))
    con = store.Database(settings.db, settings.zone, read_only=False).connect()
    con.execute("UPDATE event_keys SET id_key = hash('z')")  # as if hash('a') = hash('z')
    con.close()
    again = load(settings, write_jsonl(tmp_path / "2.jsonl", [event("z", RECENT)]))
    assert counts(again) == [(1, 0)]


def test_a_late_duplicate_outside_the_window_is_found_in_the_lake_and_counted(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "1.jsonl", [event("a", OLD), event("b", OLD)]))
    assert query(settings, "SELECT count(*) FROM event_keys") == [(0,)]  # older than the window
    again = load(settings, write_jsonl(tmp_path / "2.jsonl", [event("a", OLD), event("c", OLD)]))
    assert counts(again) == [(1, 1)]
    assert query(settings, "SELECT name, late_duplicates FROM files ORDER BY 1") == [
        ("1.jsonl", 0),
        ("2.jsonl", 1),
    ]
    status = collect_status(store.published(settings))
    assert (status["duplicates"], status["late_duplicates"]) == (1, 1)


def test_an_old_id_re_sent_on_another_day_loads_again(settings, tmp_path):
    """What the window lets through, as docs/lake.md says: an id older than the window that
    comes back on a different day is not looked for there."""
    load(settings, write_jsonl(tmp_path / "1.jsonl", [event("a", OLD)]))
    again = load(settings, write_jsonl(tmp_path / "2.jsonl", [event("a", RECENT)]))
    assert counts(again) == [(1, 0)]


def test_the_window_is_configurable(settings, tmp_path):
    from dataclasses import replace

    wide = replace(settings, dedupe_days=400)
    load(wide, write_jsonl(tmp_path / "1.jsonl", [event("a", OLD)]))
    assert query(wide, "SELECT count(*) FROM event_keys") == [(1,)]
