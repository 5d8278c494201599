"""Issue 16: the rollups computed by Apache Spark from the same SQL equal DuckDB's.

One inbox (a hand-built night around the fall-back of 2025-11-02, with views, likes, shares,
comments, bots, duplicates, engaged time and box clicks, plus a generated sample for breadth)
is loaded by the product's ETL, once per site time zone (Asia/Seoul, and America/New_York whose
01:00 hour happens twice that night). The accepted events are read back from the lake and
rolled up as one batch by both engines from the same state: DuckDB runs each step's SELECT as
written, a local Spark session (`local[2]`, one for the module) runs the text `sql/render.py`
renders. Every step's delta rows must be equal, row for row; and a warehouse whose rollups are
Spark's, applied with the same apply files, must give the ETL's rankings.

Then the whole step: the same inbox through `newsdash etl` and `newsdash etl --engine spark`
(the Spark engine dedupes against the lake, flags bots by the broadcast verdicts, rolls up) into
two warehouses must give the same rollup tables, rankings and ledger. A second batch (a CSV
file) re-sends an event of the window and one older than the window (a late duplicate).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import pytest

from newsdash import clock
from newsdash.commands import main
from newsdash.etl import lake, spark_rollups
from newsdash.etl.generate import generate
from newsdash.etl.lake_schema import EVENTS_SCHEMA
from newsdash.etl.run import run_etl
from newsdash.exports import ranking_for
from newsdash.formats import ranking_json
from newsdash.settings import Settings
from newsdash.sql import store
from tests.support.inputs import (
    BOT_UA,
    BROWSER_UA,
    event,
    write_articles,
    write_csv,
    write_jsonl,
)
from tests.support.lake import copy_warehouse
from tests.support.spark import fail_without_spark, skip_module_without_spark

skip_module_without_spark()

NOW = "2025-11-03T12:00:00Z"  # the Live rollup keeps two days: the night is inside it
ZONES = ("Asia/Seoul", "America/New_York")
RANKINGS = ("most_viewed", "weekly_hot", "hot_now", "popular")
FALL_BACK = datetime(2025, 11, 2, 5, 0, tzinfo=UTC)  # 01:00 EDT; an hour later 01:00 EST again


def at(minutes: int) -> str:
    """An instant `minutes` after 2025-11-02 05:00 UTC, as the tracker writes it."""
    return (FALL_BACK + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def night() -> list[dict]:
    """A few hundred events from 2025-11-01 23:00 to 2025-11-03 00:30 UTC."""
    records = [
        # A1's views of the two 01:00 hours of New York: 3 in the first (EDT), 2 in the second
        event("fb-1", at(10), session_id="s1", user_agent=BROWSER_UA),
        event("fb-2", at(30), session_id="s2"),
        event("fb-3", at(50), session_id="s3"),
        event("fb-4", at(70), session_id="s1"),
        event("fb-5", at(100), session_id="s4"),
        event("fb-1", at(15), session_id="s9"),  # a duplicate: the first accepted one counts
        event("fb-bot", at(20), session_id="b1", user_agent=BOT_UA),
        # 23:30 EST on 2 Nov in New York (a 25-hour day), 13:30 on 3 Nov in Seoul
        event("late-day", "2025-11-03T04:30:00Z", session_id="s5"),
        event("old-1", "2025-10-20T10:00:00Z", article="A3", session_id="s6"),  # before the window
    ]
    articles = ["A2", "A3", "A9", "A3"]  # A9 has no metadata: "(unknown article)"
    for step in range(-360, 1170, 10):  # every 10 minutes through both nights
        article = articles[(step // 10) % 4]
        records.append(event(f"v{step}", at(step), article=article, session_id=f"s{step % 7}"))
        if step % 30 == 0:
            records.append(event(f"l{step}", at(step + 1), "like", article, session_id="s2"))
        if step % 40 == 0:
            channel = ["kakaotalk", "facebook", "x", "naver"][(step // 40) % 4]
            records.append(event(f"sh{step}", at(step + 2), "share", article, channel=channel))
        if step % 50 == 0:
            records.append(event(f"c{step}", at(step + 3), "comment", article))
        if step % 90 == 0:
            records.append(event(f"bot{step}", at(step + 4), article=article, user_agent=BOT_UA))
    return records + attention()


def attention() -> list[dict]:
    """Page views with engaged time, a late beacon, box impressions and a click that sends a
    view (issue 22's events), across the repeated hour."""
    view = {"session_id": "r1"}
    return [
        event("pv1", at(5), article="A3", **view, page_view_id="p1"),
        event("pv1-e1", at(6), "engage", page_view_id="p1", engaged_ms=9000, scroll_pct=40),
        event(
            "pv1-e2",
            at(64),
            "engage",
            page_view_id="p1",
            engaged_ms=31000,
            scroll_pct=100,
            read_to_end=True,
        ),  # fmt: skip
        event("box-v", at(7), "widget_view", widget="most_viewed", position=2),
        event(
            "box-c",
            at(8),
            "widget_click",
            widget="most_viewed",
            position=2,
            target_article_id="A2",
            session_id="r1",
        ),  # fmt: skip
        event("pv2", at(9), **view, article="A2", page_view_id="p2"),  # sent by the click
        event("pv2-e", at(75), "engage", page_view_id="p2", engaged_ms=2_400_000, scroll_pct=80),
        event("pv3-e", at(12), "engage", page_view_id="p3", engaged_ms=4000, scroll_pct=10),
    ]


ARTICLES = [
    dict(article_id="A1", title="Fall-back night", section="World",
         published_at="2025-11-01T09:00:00+09:00", url="https://example.test/a1"),
    dict(article_id="A2", title="두 번의 한 시", section="Column", subsection="Cho Kijo Column",
         published_at="2025-10-31T10:00:00+09:00", url="https://example.test/a2"),
    dict(article_id="A3", title="Markets", section="Business",
         published_at="2025-10-20T08:00:00+09:00", url="https://example.test/a3"),
]  # fmt: skip


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    generate(folder, events=3000, days=3, seed=16, end=datetime(2025, 11, 3, 9, tzinfo=UTC))
    write_articles(folder / "articles_night.csv", ARTICLES)
    write_jsonl(folder / "events_night.jsonl", night())
    write_csv(folder / "resent.csv", ["event_id", "event_time", "event_type", "article_id",
                                      "session_id", "user_agent"], [
        ["fb-2", at(31), "view", "A1", "s2", ""],  # a duplicate of the window, in the lake
        ["old-1", "2025-10-20T10:00:00Z", "view", "A3", "s6", ""],  # a late duplicate
        ["csv-1", at(200), "view", "A2", "s8", "Mozilla/5.0 (compatible; SiteAuditBot/1.0)"],
        ["csv-2", at(201), "like", "A2", "s8", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"],
    ])  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def spark():
    fail_without_spark()
    # Tiny batches: compiling whole-stage code costs more than it saves (the first zone's 14
    # steps took 97 s instead of 155 s, and 72 s instead of 125 s, on this loaded machine), and
    # adaptive execution only adds planning.
    small = {"spark.sql.codegen.wholeStage": "false", "spark.sql.adaptive.enabled": "false"}
    session = spark_rollups.session("local[2]", shuffle_partitions=2, conf=small)
    yield session
    session.stop()


@dataclass
class Engines:
    zone: str
    duckdb: dict[str, pa.Table]  # each step's delta rows, from DuckDB
    spark: dict[str, pa.Table]  # ... and from Spark
    etl: Settings  # the warehouse the product's ETL loaded
    from_spark: Settings  # its copy whose rollups are Spark's deltas, applied


@pytest.fixture(scope="module", params=ZONES)
def engines(request, inbox, spark, tmp_path_factory) -> Engines:
    zone = request.param
    folder = tmp_path_factory.mktemp(zone.replace("/", "-"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.ENV, NOW)
        etl = Settings(db=folder / "etl" / "nd.duckdb", inbox=inbox, zone=ZoneInfo(zone),
                       export_dir=folder / "exports", export_after_etl=False)  # fmt: skip
        result = run_etl(etl)
        assert result.status == "ok", result.message
        files = lake_event_files(etl.db)
        before = fresh_state(etl, folder / "before.duckdb")
        state = {name: before.table(name).to_arrow_table() for name in spark_rollups.state_tables()}
        duck = duckdb_deltas(before, files)
        before.close()
        events = spark_rollups.read_events(spark, lake.events_path(lake.lake_root(etl.db)), files)
        deltas = spark_rollups.compute_deltas(spark, events, state, zone=zone, now=clock.now())
        from_spark = rollups_replaced(etl, folder / "spark" / "nd.duckdb", deltas)
        yield Engines(zone, duck, deltas, etl, from_spark)


def lake_event_files(db: Path) -> list[str]:
    """The Parquet files of the events table at the version the published database records."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        version = con.execute("SELECT events_version FROM lake_state").fetchone()[0]
    finally:
        con.close()
    return lake.files(lake.events_path(lake.lake_root(db)), at=version)


def fresh_state(etl: Settings, path: Path) -> store.Connection:
    """A new warehouse of the same schema holding what the batch's rollups read before it: no
    rollup rows yet, the source map the ETL classified (a dictionary keyed by source key)."""
    con = store.Database(path, etl.zone, read_only=False).connect()
    store.migrate(con)
    con.execute("ATTACH $db AS loaded (READ_ONLY)", {"db": str(etl.db)})
    con.execute("INSERT INTO source_map SELECT * FROM loaded.source_map")
    con.execute("DETACH loaded")
    return con


def duckdb_deltas(con: store.Connection, files: list[str]) -> dict[str, pa.Table]:
    """DuckDB's delta rows of each step for all accepted events as one batch, applied in turn."""
    events = lake.read_files(con, files, EVENTS_SCHEMA)
    con.register("lake_events", events.to_arrow_table())
    con.execute("CREATE TEMP TABLE batch_events AS SELECT * EXCLUDE (dt) FROM lake_events "
                "ORDER BY file_id, line")  # fmt: skip
    deltas = {}
    for step in store.rollup_steps():
        store.compute_delta(con, step)
        deltas[step.table] = con.sql("SELECT * FROM rollup_delta").to_arrow_table()
        con.register("rollup_delta", deltas[step.table])
        store.apply_delta(con, step)
    return deltas


def rollups_replaced(etl: Settings, db: Path, deltas: dict[str, pa.Table]) -> Settings:
    """A copy of the ETL's warehouse whose rollup tables hold only Spark's delta rows, applied
    by the DuckDB side with the product's apply files."""
    copy_warehouse(etl.db, db)
    con = store.Database(db, etl.zone, read_only=False).connect()
    try:
        for step in store.rollup_steps():
            if step.apply != "temp":
                con.execute(f"DELETE FROM {step.table}")
        spark_rollups.apply_deltas(con, deltas)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return Settings(db=db, inbox=etl.inbox, zone=etl.zone, export_dir=db.parent / "exports",
                    export_after_etl=False)  # fmt: skip


def comparable(table: pa.Table) -> Counter:
    """The rows as a multiset of plain values: instants in UTC, whole decimals as int."""
    return Counter(tuple(plain(v) for v in row.values()) for row in table.to_pylist())


def plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


@pytest.mark.parametrize("step", [s.table for s in store.rollup_steps()])
def test_every_rollup_step_gives_the_same_delta_rows_on_spark_as_on_duckdb(engines, step):
    duck, spark = engines.duckdb[step], engines.spark[step]
    assert spark.column_names == duck.column_names
    assert duck.num_rows > 0, f"{step}: the inbox gives this step no rows to compare"
    assert comparable(spark) == comparable(duck)


def test_the_repeated_hour_is_two_hours_on_both_engines(engines):
    """A1's counted views in the two 01:00 hours of New York (05:00 and 06:00 UTC): 3 and 2
    (the bot and the duplicate do not count; the generated sample names other articles)."""
    for rows in (engines.duckdb["hourly"], engines.spark["hourly"]):
        views = {
            plain(r["hour"]): r["events"]
            for r in rows.to_pylist()
            if r["article_id"] == "A1" and r["event_type"] == "view"
        }
        assert views[FALL_BACK] == 3
        assert views[FALL_BACK + timedelta(hours=1)] == 2


def test_the_etls_hourly_rollup_is_the_one_spark_computes(engines):
    query = "SELECT hour, article_id, event_type, channel, events FROM hourly"
    assert rows_of(engines.from_spark, query) == rows_of(engines.etl, query)


@pytest.mark.parametrize("ranking", RANKINGS)
def test_the_rankings_from_sparks_rollups_equal_the_etls(engines, ranking):
    etl = ranking_json(ranking_for(engines.etl, ranking, limit="all"))
    from_spark = ranking_json(ranking_for(engines.from_spark, ranking, limit="all"))
    assert b'"article_id"' in etl
    assert from_spark == etl


def rows_of(settings: Settings, query: str) -> Counter:
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        return Counter(tuple(plain(v) for v in row) for row in con.execute(query).fetchall())
    finally:
        con.close()


# --- newsdash etl --engine spark ---------------------------------------------------------------

LEDGER = {
    "files": "SELECT name, kind, status, records_read, loaded, duplicates, late_duplicates, "
    "rejected, bots, first_event, last_event FROM files",
    "runs": "SELECT status, files, records_read, loaded, duplicates, rejected, bots FROM runs",
    "rejected": "SELECT reason, sum(records) FROM rejected_counts GROUP BY reason",
}


@pytest.fixture(scope="module")
def spark_etl(engines, spark, tmp_path_factory) -> Settings:
    """The same inbox through `newsdash etl --engine spark` (the module's Spark session: the
    engine's getOrCreate finds it), beside `engines.etl`, the DuckDB engine's warehouse."""
    folder = tmp_path_factory.mktemp(engines.zone.replace("/", "-") + "-engine")
    config = folder / "newsdash.toml"
    config.write_text(f'[site]\ntimezone = "{engines.zone}"\n[etl]\nspark_master = "local[2]"\n'
                      '[export]\nafter_etl = false\n')  # fmt: skip
    db = folder / "nd.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.ENV, NOW)
        argv = ["--config", str(config), "etl", "--engine", "spark", "--db", str(db),
                "--inbox", str(engines.etl.inbox)]  # fmt: skip
        assert main(argv) == 0
    return replace(engines.etl, db=db, export_dir=folder / "exports")


ROLLUP_TABLES = [s.table for s in store.rollup_steps() if s.apply != "temp"]
# The whole ETL through Spark costs a minute a zone here: it runs in the zone with the DST night
# (the per-step tests above cover both zones).
IN_NEW_YORK = pytest.mark.parametrize("engines", ["America/New_York"], indirect=True)


@IN_NEW_YORK
@pytest.mark.parametrize("table", ROLLUP_TABLES)
def test_every_rollup_table_of_the_spark_engine_equals_the_duckdb_engines(
    engines, spark_etl, table
):
    duck = rows_of(engines.etl, f"SELECT * FROM {table}")
    assert duck, f"{table}: the inbox gives this table no rows to compare"
    assert rows_of(spark_etl, f"SELECT * FROM {table}") == duck


@IN_NEW_YORK
@pytest.mark.parametrize("ranking", RANKINGS)
def test_the_rankings_of_the_spark_engine_equal_the_duckdb_engines(engines, spark_etl, ranking):
    duck = ranking_json(ranking_for(engines.etl, ranking, limit="all"))
    assert ranking_json(ranking_for(spark_etl, ranking, limit="all")) == duck


@IN_NEW_YORK
def test_the_ledger_of_the_spark_engine_equals_the_duckdb_engines(engines, spark_etl):
    """Files and runs rows equal; every file read = loaded + duplicates + rejected; the inbox
    has duplicates in a batch, of the lake's window and late ones, bots and rejected lines."""
    for name, query in LEDGER.items():
        assert rows_of(spark_etl, query) == rows_of(engines.etl, query), name
    files = rows_of(spark_etl, "SELECT name, records_read, loaded, duplicates, rejected, "
                    "late_duplicates, bots FROM files WHERE kind = 'events'")  # fmt: skip
    assert all(read == loaded + dups + rej for _, read, loaded, dups, rej, _, _ in files)
    by_name = {row[0]: row[1:] for row in files}
    assert by_name["resent.csv"][:5] == (4, 2, 2, 0, 1)  # fb-2 and old-1 (late) are duplicates
    assert by_name["events_night.jsonl"][2] >= 1  # fb-1 twice in one batch
    assert sum(row[-1] for row in files) > 0  # bots


@IN_NEW_YORK
def test_the_lake_of_the_spark_engine_holds_the_duckdb_engines_events(engines, spark_etl):
    query = "SELECT event_id, event_time, is_bot, file_id, line FROM lake_events"
    assert lake_rows(spark_etl, query) == lake_rows(engines.etl, query)


def lake_rows(settings: Settings, query: str) -> Counter:
    con = duckdb.connect()
    try:
        events = lake.read_files(con, lake_event_files(settings.db), EVENTS_SCHEMA)
        con.register("lake_events", events.to_arrow_table())
        return Counter(tuple(plain(v) for v in row) for row in con.execute(query).fetchall())
    finally:
        con.close()
