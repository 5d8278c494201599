"""Upgrade in place (issue 14): a warehouse of the previous release (schema 5, raw events in
`events`, every rejected line in `rejected`) is moved to the lake by its first run, nothing
lost: totals, per-article hourly counts and the four rankings identical before and after, on
the bundled sample data.

The old warehouse is built the way the previous release left it: migrations 1..5, then the
sample warehouse's content (rollups, ledger, dictionaries, articles) with its raw events and
quarantine put back into `events` and `rejected`.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from newsdash.etl.run import run_etl
from newsdash.exports import ranking_for
from newsdash.sql import store
from tests.support import lake
from tests.support.ops import newsdash
from tests.support.sample import settings_for

RANKINGS = ("most_viewed", "weekly_hot", "hot_now", "popular")
COPIED = ("hourly", "readers_by_article", "daily_readers", "hourly_bots", "sessions",
          "article_keys", "articles", "user_agents", "key_hash", "runs", "dismissed_files")  # fmt: skip
# The events columns of schema 5 (the lake's events table has more since: sources, attention).
V5_EVENT_COLUMNS = (
    "event_id, event_time, event_type, article_id, session_id, channel, referrer, user_agent, "
    "is_bot, file_id, line"
)
FILES_COLUMNS = (
    "file_id, run_id, path, name, kind, size, sha256, status, reason, records_read, loaded, "
    "duplicates, rejected, bots, first_event, last_event, finished_at"
)


def build_old_warehouse(sample_db: Path, db: Path, zone) -> None:
    db.parent.mkdir(parents=True)
    con = store.Database(db, zone, read_only=False).connect()
    for version, stem in store.migrations():
        if version <= 5:
            con.execute(store.query_text(f"schema/{stem}"))
            store.execute(con, "meta/record_migration", version=version, name=stem)
    source = lake.connect(sample_db, zone.key)
    try:
        for table in COPIED:
            con.register("rows", source.execute(f"SELECT * FROM {table}").to_arrow_table())
            con.execute(f"INSERT INTO {table} SELECT * FROM rows")
        for name, sql in (
            ("files", f"SELECT {FILES_COLUMNS} FROM files"),
            ("events", f"SELECT {V5_EVENT_COLUMNS}, hash(event_id) AS id_key, NULL AS reason, "
             "NULL AS field, NULL AS raw FROM events"),
            ("rejected", "SELECT * EXCLUDE (dt) FROM quarantine"),
        ):  # fmt: skip
            con.register("rows", source.execute(sql).to_arrow_table())
            con.execute(f"INSERT INTO {name} SELECT * FROM rows")
        runs, files = source.execute("SELECT max(run_id), max(file_id) FROM files").fetchone()
    finally:
        source.close()
    con.execute("SELECT nextval('run_id_seq') FROM range($n)", {"n": runs}).fetchall()
    con.execute("SELECT nextval('file_id_seq') FROM range($n)", {"n": files}).fetchall()
    con.execute("CHECKPOINT")
    con.close()


def figures(settings, cwd: Path) -> dict:
    """What editors and monitoring see: totals, hourly counts per article, the four rankings."""
    status = json.loads(newsdash("status", "--db", settings.db, "--format", "json", cwd=cwd).stdout)
    keys = ("events_loaded", "bot_events", "duplicates", "rejected", "rejected_by_reason",
            "first_event", "last_event", "articles")  # fmt: skip
    with lake.connect(settings.db) as con:
        hourly = con.execute("SELECT * FROM hourly ORDER BY ALL").fetchall()
    rankings = {}
    for name in RANKINGS:
        result = ranking_for(settings, name)
        rankings[name] = result.rows[["rank", "article_id", "score"]].values.tolist()
    return {"totals": {k: status[k] for k in keys}, "hourly": hourly, "rankings": rankings}


@pytest.fixture(scope="module")
def upgraded(sample, tmp_path_factory):
    root = tmp_path_factory.mktemp("upgrade")
    settings = settings_for(root / "old" / "nd.duckdb", sample.inbox)
    build_old_warehouse(sample.db, settings.db, settings.zone)
    with duckdb.connect(str(settings.db), read_only=True) as con:
        old_events = con.execute(
            "SELECT count(*), sum(hash(event_id, event_time, is_bot, file_id)) FROM events"
        ).fetchone()
        old_rejected = con.execute("SELECT count(*), sum(hash(file_id, line, raw)) FROM rejected")
        old_rejected = old_rejected.fetchone()
    # What editors saw: the warehouse the old one was built from (today's queries need today's
    # schema, which only the first run gives the old file).
    before = figures(settings.with_database(sample.db), root)
    result = run_etl(settings)  # the same inbox: every file is known, nothing new loads
    assert result.status == "ok", result.message
    return settings, before, figures(settings, root), old_events, old_rejected, root


def test_the_first_run_moves_the_raw_events_and_the_quarantine_to_the_lake(upgraded):
    settings, _, _, old_events, old_rejected, _ = upgraded
    assert old_events[0] > 100_000 - 1 and old_rejected[0] == 100  # the sample data
    with lake.connect(settings.db) as con:
        assert con.execute("SELECT count(*) FROM landed_events").fetchall() == [(0,)]
        assert (
            con.execute(
                "SELECT count(*), sum(hash(event_id, event_time, is_bot, file_id)) FROM events"
            ).fetchone()
            == old_events
        )
        assert (
            con.execute("SELECT count(*), sum(hash(file_id, line, raw)) FROM quarantine").fetchone()
            == old_rejected
        )
        newest = max(version for version, _ in store.migrations())
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone() == (newest,)


@pytest.mark.parametrize("part", ["totals", "hourly", "rankings"])
def test_what_editors_see_is_identical_before_and_after(upgraded, part):
    _, before, after, *_ = upgraded
    assert after[part] == before[part]
    assert after[part]  # not two empty answers


def test_a_kill_during_the_upgrade_leaves_it_to_the_next_run(sample, upgraded, tmp_path):
    """Killed after the lake commits of the upgrade, before the database commit: the file is
    still the old one, and the next run moves the same rows once."""
    from tests.support.ops import etl, kill9, start_etl, wait_until_stopped

    settings, _, after, old_events, *_ = upgraded
    db = tmp_path / "w" / "nd.duckdb"
    build_old_warehouse(sample.db, db, settings.zone)
    inbox = tmp_path / "empty"
    inbox.mkdir()
    victim = start_etl(db, inbox, cwd=tmp_path, stop_at="lake:committed#2")
    wait_until_stopped(victim)
    kill9(victim)
    with duckdb.connect(str(db), read_only=True) as con:  # the published file is untouched
        assert con.execute("SELECT count(*) FROM events").fetchone() == (old_events[0],)
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    with lake.connect(db) as con:
        assert (
            con.execute(
                "SELECT count(*), sum(hash(event_id, event_time, is_bot, file_id)) FROM events"
            ).fetchone()
            == old_events
        )
        hourly = con.execute("SELECT * FROM hourly ORDER BY ALL").fetchall()
    assert hourly == after["hourly"]
