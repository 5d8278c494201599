"""Several files loaded as one batch: line numbers, first occurrences, a stop between landing and
settling, and the stored dedupe keys."""

from __future__ import annotations

import hashlib

import duckdb

from newsdash.etl.batches import BATCH_BYTES, joins_batch
from newsdash.etl.inbox import InputFile
from newsdash.etl.load import Pending
from newsdash.etl.run import run_etl
from newsdash.sql import store
from tests.support.inputs import event, load, query, write_jsonl


def rejected_lines(settings) -> list[tuple]:
    return query(
        settings,
        "SELECT f.name, r.line, r.reason FROM quarantine AS r JOIN files AS f USING (file_id) "
        "ORDER BY 1, 2",
    )


def test_rejected_lines_keep_their_numbers_in_each_file_of_a_batch(settings, tmp_path):
    first = write_jsonl(
        tmp_path / "1.jsonl.gz",
        [event("a"), "<html>502</html>", event("b"), event("c", kind="click")],
    )
    second = write_jsonl(
        tmp_path / "2.jsonl.gz",
        [event("d"), "", "   ", event("e", time="yesterday"), event("f"), "{broken"],
    )
    result = load(settings, first, second)
    assert [f.status for f in result.files] == ["loaded", "loaded"]
    assert rejected_lines(settings) == [
        ("1.jsonl.gz", 2, "malformed"),
        ("1.jsonl.gz", 4, "bad_event_type"),
        ("2.jsonl.gz", 4, "bad_time"),
        ("2.jsonl.gz", 6, "malformed"),
    ]
    assert [(f.records_read, f.loaded, f.rejected) for f in result.files] == [(4, 2, 2), (4, 2, 2)]


def test_first_occurrence_in_file_order_wins_within_a_batch(settings, tmp_path):
    first = write_jsonl(tmp_path / "1.jsonl", [event("x", article="FIRST"), event("y")])
    second = write_jsonl(tmp_path / "2.jsonl", [event("x", article="SECOND"), event("x")])
    result = load(settings, first, second)
    assert query(settings, "SELECT article_id FROM events WHERE event_id = 'x'") == [("FIRST",)]
    assert [(f.loaded, f.duplicates) for f in result.files] == [(2, 0), (0, 2)]


def test_a_later_repeat_in_the_same_file_is_the_duplicate(settings, tmp_path):
    f = write_jsonl(tmp_path / "1.jsonl", [event("x", article="FIRST"), event("x", article="2ND")])
    load(settings, f)
    assert query(settings, "SELECT article_id FROM events") == [("FIRST",)]


def test_an_invalid_record_reserves_no_id_within_a_batch(settings, tmp_path):
    first = write_jsonl(tmp_path / "1.jsonl", [event("x", kind="click")])
    second = write_jsonl(tmp_path / "2.jsonl", [event("x", article="VALID")])
    result = load(settings, first, second)
    assert query(settings, "SELECT article_id FROM events") == [("VALID",)]
    assert [(f.loaded, f.duplicates, f.rejected) for f in result.files] == [(0, 0, 1), (1, 0, 0)]


def test_outside_a_load_the_database_holds_no_raw_event(settings, tmp_path):
    """Accepted events are in the lake, rejected lines in its quarantine; the landing table of
    the database is empty once the load ends."""
    f = write_jsonl(
        tmp_path / "1.jsonl", [event("a"), event("a"), "oops", "", event("b", kind="x")]
    )
    load(settings, f)
    assert query(settings, "SELECT count(*) FROM landed_events") == [(0,)]
    assert query(settings, "SELECT event_id FROM events") == [("a",)]
    assert query(settings, "SELECT line, reason FROM quarantine ORDER BY 1") == [
        (3, "malformed"),
        (5, "bad_event_type"),
    ]


def noise(i: int) -> str:
    """128 hex digits that no compression shrinks much."""
    return "".join(hashlib.sha256(f"{i}-{k}".encode()).hexdigest() for k in range(2))


def test_the_lines_of_a_load_never_reach_the_database_file(settings, tmp_path):
    """The landing table is the run's temp table. 130,000 lines of about 250 bytes (more than
    one DuckDB row group: an insert that large into a table of the file is written straight to
    the file) leave a database file of a few MB (rollups, ledger, keys); a landing table in the
    file left the lines' blocks in it, freed but never given back (about 15 MB here)."""
    records = [event(f"e{i}", referrer=f"https://example.com/{noise(i)}") for i in range(130_000)]
    load(settings, write_jsonl(tmp_path / "1.jsonl", records))
    con = duckdb.connect(str(settings.db), read_only=True)
    assert con.execute("SELECT count(*) FROM landed_events").fetchall() == [(0,)]
    con.close()
    assert settings.db.stat().st_size < 6 << 20


def test_a_batch_landed_but_not_settled_is_settled_by_the_next_run(settings, tmp_path):
    """What a run stopped between the two transactions of a batch leaves (after its lake
    commits, before its database commit), the next one rolls back and finishes."""
    f = write_jsonl(tmp_path / "1.jsonl", [event("a"), event("a"), event("b", kind="x")])
    load(settings, f)
    events = query(settings, "SELECT event_id, event_time, event_type, article_id, is_bot, "
                   "file_id, line FROM events")  # fmt: skip
    con = duckdb.connect(str(settings.db))
    # Put the warehouse back in the state a stop after the landing commit leaves: the batch's
    # rows as landed (duplicate and rejected line included), nothing rolled up, ledger "landed",
    # the lake's commits of the batch not recorded in the database.
    for table in ("hourly", "readers_by_article", "daily_readers", "hourly_bots", "lake_state",
                  "rejected_counts"):  # fmt: skip
        con.execute(f"DELETE FROM {table}")
    for row in events + events:
        con.execute(
            "INSERT INTO landed_events (event_id, event_time, event_type, article_id, is_bot, "
            "file_id, line, id_key) VALUES (?, ?, ?, ?, ?, ?, ?, hash(?))",
            [*row, row[0]],
        )
    con.execute(
        "INSERT INTO landed_events (event_type, file_id, reason, raw) "
        "SELECT 'x', file_id, 'bad_event_type', '{}' FROM files"
    )
    con.execute("UPDATE files SET status = 'landed', loaded = 0, duplicates = 0")
    con.close()
    result = run_etl(settings, [])
    assert [(f.name, f.loaded, f.duplicates, f.rejected) for f in result.files] == [
        ("1.jsonl", 1, 1, 1)
    ]
    assert query(settings, "SELECT count(*) FROM landed_events") == [(0,)]
    assert query(settings, "SELECT event_id FROM events") == [("a",)]
    assert query(settings, "SELECT line, reason FROM quarantine") == [(3, "bad_event_type")]
    assert query(settings, "SELECT status, loaded, duplicates FROM files") == [("loaded", 1, 1)]
    assert query(settings, "SELECT sum(events) FROM hourly") == [(1,)]


RECENT = "2026-11-17T10:00:00+09:00"  # the day before the suite's "now": inside the window


def test_stale_dedupe_keys_are_rebuilt_from_the_lake_before_they_are_trusted(settings, tmp_path):
    """If an upgraded DuckDB hashed differently, the stored keys would miss duplicates."""
    load(settings, write_jsonl(tmp_path / "1.jsonl", [event("a", RECENT), event("b", RECENT)]))
    con = store.Database(settings.db, settings.zone, read_only=False).connect()
    con.execute("UPDATE event_keys SET id_key = id_key + 1; UPDATE key_hash SET value = value + 1")
    con.close()
    two = write_jsonl(tmp_path / "2.jsonl", [event("a", RECENT), event("c", RECENT)])
    again = load(settings, two)
    assert [(f.loaded, f.duplicates) for f in again.files] == [(1, 1)]
    assert query(settings, "SELECT count(*) FROM event_keys") == [(3,)]
    assert query(
        settings, "SELECT count(*) FROM event_keys JOIN events ON id_key = hash(event_id)"
    ) == [(3,)]


def test_a_batch_takes_one_file_per_core_whatever_their_size(tmp_path):
    """A gzip'd file is read by one thread: two files over the batch limit still load side by
    side on two cores, a third waits for the next batch; CSV never joins a batch."""

    def pending(name: str, size: int) -> Pending:
        return Pending(InputFile(tmp_path / name, "events"), name, size)

    big = [pending(f"events_{day}.jsonl.gz", BATCH_BYTES + 1) for day in (1, 2, 3)]
    assert joins_batch([big[0]], big[1], at_least=2)
    assert not joins_batch(big[:2], big[2], at_least=2)
    assert not joins_batch([big[0]], big[1], at_least=1)
    assert not joins_batch([big[0]], pending("events.csv", 10), at_least=2)
    small = [pending(f"e{i}.jsonl", 1 << 20) for i in range(3)]
    assert joins_batch(small[:2], small[2], at_least=2)
