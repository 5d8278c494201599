"""Runs, files and the ledger: what a nightly job relies on."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from zoneinfo import ZoneInfo

import duckdb
import pytest

from newsdash.etl import lake
from newsdash.etl.inbox import InputFile
from newsdash.etl.run import run_etl
from newsdash.etl.upgrade import migrations_during
from newsdash.settings import Settings
from newsdash.sql import store
from tests.support.inputs import event, load, query, write_jsonl

SEOUL = ZoneInfo("Asia/Seoul")

pytestmark = pytest.mark.clock  # also run by the clock guard (Makefile)


def test_second_run_on_the_same_inbox_loads_nothing(settings, tmp_path):
    inbox = settings.inbox
    write_jsonl(inbox / "events_1.jsonl", [event("a"), event("b")])
    first = run_etl(settings)
    second = run_etl(settings)
    assert first.total("loaded") == 2
    assert [f.status for f in second.files] == ["skipped"]
    assert second.total("loaded") == 0
    assert query(settings, "SELECT count(*) FROM events") == [(2,)]


def test_same_file_under_another_name_adds_nothing(settings, tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [event("a")])
    copy = tmp_path / "renamed.jsonl"
    copy.write_bytes(f.read_bytes())
    load(settings, f)
    again = load(settings, copy)
    assert again.files[0].status == "skipped"
    assert query(settings, "SELECT count(*), sum(duplicates) FROM files") == [(1, 0)]


def test_truncated_gzip_leaves_no_part_of_itself_and_others_load(settings, tmp_path):
    records = [event(f"t{i}", session_id=f"s{i}") for i in range(5000)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode(), mtime=0)
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(whole[: len(whole) // 2])
    good = write_jsonl(tmp_path / "good.jsonl", [event("g")])
    result = load(settings, broken, good)
    assert result.status == "partial" and result.exit_code == 3
    assert [(f.name, f.status) for f in result.files] == [
        ("broken.jsonl.gz", "failed"),
        ("good.jsonl", "loaded"),
    ]
    assert query(settings, "SELECT event_id FROM events") == [("g",)]
    assert query(settings, "SELECT count(*) FROM quarantine") == [(0,)]


def test_file_that_is_not_json_at_all_fails_with_a_reason(settings, tmp_path):
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\nworld\n")
    result = load(settings, junk)
    assert result.files[0].status == "failed"
    assert "JSON" in result.files[0].reason


def test_csv_without_required_columns_fails_with_their_names(settings, tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("event_id,event_type\na,view\n")
    result = load(settings, f)
    assert result.files[0].status == "failed"
    assert "event_time" in result.files[0].reason and "article_id" in result.files[0].reason


def test_csv_events_with_a_broken_row(settings, tmp_path):
    f = tmp_path / "e.csv"
    f.write_text(
        "event_id,event_time,event_type,article_id,channel\n"
        "a,2025-10-30T21:05:00+09:00,view,A1,\n"
        "a2,2025-10-30T21:05:00+09:00,nope,A1,\n"
        "b,2025-10-30T21:06:00+09:00,share,A1,naver,extra,fields\n"
        "c,2025-10-30T21:07:00+09:00,share,A1,Twitter\n"
        "d,2025-10-30T21:07:00+09:00,share,A1,myspace\n"
    )
    result = load(settings, f)
    assert (result.total("loaded"), result.total("rejected")) == (2, 3)
    assert query(settings, "SELECT line, reason FROM quarantine ORDER BY line") == [
        (3, "bad_event_type"),
        (4, "malformed"),
        (6, "bad_channel"),
    ]
    assert query(settings, "SELECT raw FROM quarantine WHERE line = 4") == [
        ("b,2025-10-30T21:06:00+09:00,share,A1,naver,extra,fields",)
    ]


def test_parquet_event_files_load_into_the_hourly_rollup(settings, tmp_path):
    path = tmp_path / "e.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT 'p' || i AS event_id, TIMESTAMPTZ '2025-10-30 12:00:00+00' AS event_time, "
        "'view' AS event_type, 'A1' AS article_id FROM range(3) t(i)) TO $p (FORMAT parquet)",
        {"p": str(path)},
    )
    con.close()
    result = load(settings, path)
    assert result.total("loaded") == 3
    assert query(settings, "SELECT strftime(hour, '%H'), events FROM hourly") == [("21", 3)]


def test_run_history_records_each_run(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "1.jsonl", [event("a"), event("a")]))
    load(settings, write_jsonl(tmp_path / "2.jsonl", [event("b", kind="nope")]))
    rows = query(
        settings,
        "SELECT run_id, status, files, loaded, duplicates, rejected FROM runs ORDER BY run_id",
    )
    assert rows == [(1, "ok", 1, 1, 1, 0), (2, "ok", 1, 0, 0, 1)]


def test_missing_inbox_fails_the_run_and_is_recorded(settings):
    result = run_etl(settings)
    assert result.status == "failed" and "inbox" in result.message
    assert query(settings, "SELECT status FROM runs") == [("failed",)]


def test_migration_records_version_and_is_idempotent(tmp_path):
    con = store.Database(tmp_path / "m.duckdb", SEOUL, read_only=False).connect()
    newest = store.migrate(con)
    assert store.migrate(con) == newest == store.schema_version(con)
    con.close()


def test_database_made_by_version_1_upgrades_in_place(tmp_path):
    con = store.Database(tmp_path / "v1.duckdb", SEOUL, read_only=False).connect()
    con.execute(store.query_text("schema/001_initial"))
    store.execute(con, "meta/record_migration", version=1, name="001_initial")
    con.execute(
        "INSERT INTO events VALUES ('e1', TIMESTAMPTZ '2025-10-30 21:05:00+09', 'view', 'A1', "
        "'s1', NULL, NULL, NULL, false, 1, 1)"
    )
    assert store.schema_version(con) == 1
    settings = Settings(db=tmp_path / "v1.duckdb", inbox=tmp_path, export_dir=tmp_path)
    store.migrate(con, migrations_during(settings))
    assert store.schema_version(con) >= 6
    readers = (
        "SELECT k.article_id, s.session_id FROM readers_by_article "
        "JOIN article_keys AS k USING (article_key) JOIN sessions AS s USING (session_key)"
    )
    assert con.execute(readers).fetchall() == [("A1", "s1")]
    daily = "SELECT day, session_key FROM daily_readers"
    assert con.execute(daily).fetchall() == [
        (con.execute("SELECT TIMESTAMPTZ '2025-10-30 00:00:00+09'").fetchone()[0], 1)
    ]
    assert con.execute("SELECT count(*) FROM landed_events").fetchall() == [(0,)]
    in_lake = lake.read_files(
        con, lake.files(lake.events_path(lake.lake_root(settings.db))), lake.EVENTS_SCHEMA
    )
    assert in_lake.project("event_id, file_id").fetchall() == [("e1", 1)]
    assert con.execute("SELECT hour, events, bots FROM hourly_bots").fetchall() == [
        (con.execute("SELECT TIMESTAMPTZ '2025-10-30 21:00:00+09'").fetchone()[0], 1, 0)
    ]
    con.close()


def test_database_from_a_newer_version_is_refused(tmp_path):
    con = store.Database(tmp_path / "m.duckdb", SEOUL, read_only=False).connect()
    store.migrate(con)
    con.execute(
        "INSERT INTO schema_migrations VALUES (999, 'future', TIMESTAMPTZ '2030-01-01 00:00Z')"
    )
    with pytest.raises(store.SchemaTooNew):
        store.migrate(con)
    con.close()


def test_cli_status_json_has_the_brief_keys(settings, tmp_path):
    load(
        settings,
        write_jsonl(tmp_path / "1.jsonl", [event("a"), event("a"), event("b", kind="bad")]),
    )
    out = subprocess.run(
        [sys.executable, "-m", "newsdash", "status", "--db", str(settings.db), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    status = json.loads(out)
    assert (status["events_loaded"], status["duplicates"], status["rejected"]) == (1, 1, 1)
    assert status["rejected_by_reason"] == {"bad_event_type": 1}
    assert {"started", "finished", "status", "files", "loaded", "duplicates", "rejected"} <= status[
        "last_run"
    ].keys()


def test_named_files_are_loaded_in_the_order_given(settings, tmp_path):
    b = write_jsonl(tmp_path / "b.jsonl", [event("x", article="B")])
    a = write_jsonl(tmp_path / "a.jsonl", [event("x", article="A")])
    run_etl(settings, [InputFile(b, "events"), InputFile(a, "events")])
    assert query(settings, "SELECT article_id FROM events") == [("B",)]
