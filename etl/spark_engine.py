"""`newsdash etl --engine spark` (issue 16): a batch's settle step with its heavy part on Spark.

What stays DuckDB's (this module and the code it calls): landing the inbox files (reading,
validation, quarantine: etl/land.py, unchanged), the ledger (files and runs rows, the same
per-file accounting: read = loaded + duplicates + rejected), the two dictionaries classified by
Python code (the bot verdicts of new user agents, etl/bots.py; the traffic sources of new
source keys, etl/sources.py), the lake commit (delta-rs, with `lake_state` in the same database
transaction) and applying the rollups' delta rows with the same apply files.

What is Spark's (etl/spark_job.py): the dedupe of the batch against itself and against the
lake's window (and the days of its late events), the bot flag as a broadcast join of the
verdicts, and every rollup's SELECT over the batch.

The order of one batch, inside the settle transaction of etl/land.py:
1. the batch's valid rows are staged as Parquet beside the database and read by Spark;
2. Spark finds the duplicate rows (row_id in the landing table, late); DuckDB drops them from the landing
   table and, as its own engine does, classifies the new user agents and traffic sources of
   what is left and keeps the accepted events for the lake (`land.keep_accepted`);
3. Spark joins the verdicts of the batch's user agents and computes the rollups' delta rows
   from the state the DuckDB side holds before the batch; DuckDB applies them.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsdash import clock
from newsdash.etl import lake, spark_job, spark_rollups
from newsdash.etl.lake_run import RunLake, day_files
from newsdash.etl.land import Settle, keep_accepted
from newsdash.settings import Settings
from newsdash.sql import store

# Spark splits a Parquet file at its row groups: small ones give each core a part of the batch.
ROW_GROUP_ROWS = 128 * 1024


def spark_session(master: str) -> Any:
    """The process's Spark session, started on the first batch (tens of seconds) and reused,
    as it is configured, by every later batch and run of the process; it ends with the
    process. A session already running in the process (a test module's) is used as it is."""
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() or spark_rollups.session(master)


def settle_on_spark(settings: Settings) -> Settle:
    """The settle step of the Spark engine for these settings (etl/engines.py chooses it)."""
    staging = lake.lake_root(settings.db) / "_spark_staging"

    def settle(con: store.Connection, span: dict[str, int], run_lake: RunLake) -> dict[int, int]:
        spark = spark_session(settings.spark_master)
        start = run_lake.window_start(con)
        history = lake_files(con, run_lake, span, start)  # (reads every row: con is free again)
        with staged_batch(con, span, staging) as staged:
            spark_job.stage(spark, staged)
            folder = str(lake.events_path(lake.lake_root(settings.db)))
            duplicates = spark_job.find_duplicates(spark, history, folder, start)
            drop_duplicates(con, span, duplicates)
            late = keep_accepted(con, span)
            agents = store.arrow(con, "etl/batch_agents", **span)
            events = spark_job.batch_events(spark, duplicates, agents)
            deltas = spark_rollups.compute_deltas(
                spark, events, state_before(con), zone=run_lake.site_tz, now=clock.now()
            )
        spark_rollups.apply_deltas(con, deltas)
        return late

    return settle


@contextmanager
def staged_batch(con: store.Connection, span: dict[str, int], folder: Path) -> Iterator[str]:
    """The batch's valid rows as one Parquet file in `folder` (the lake's `_spark_staging`),
    deleted once the batch is settled or has failed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"batch-{span['first_file_id']}-{uuid.uuid4().hex[:8]}.parquet"
    try:
        rows = store.arrow(con, "etl/staged_batch_events", **span)
        pq.write_table(rows, path, row_group_size=ROW_GROUP_ROWS)
        yield str(path)
    finally:
        path.unlink(missing_ok=True)
        with_nothing_left(folder)


def with_nothing_left(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


def lake_files(
    con: store.Connection, run_lake: RunLake, span: dict[str, int], start: date
) -> list[str]:
    """The lake's events files the dedupe reads: the window's days (from `start`) and the
    days of the batch's events older than the window, at the lake's newest version."""
    late_days = [row[0] for row in store.rows(con, "etl/late_days", window_start=start, **span)]
    run_lake.events.update_incremental()
    window = run_lake.events.file_uris(
        file_pruning_predicate=[(lake.PARTITION, ">=", lake.iso_day(start))]
    )
    return window + day_files(run_lake.events, late_days)


def drop_duplicates(con: store.Connection, span: dict[str, int], duplicates: pa.Table) -> None:
    """Spark's duplicates as the landing table's duplicate_rows, as DuckDB's dedupe leaves it."""
    con.register("spark_duplicates", duplicates)
    try:
        store.execute(con, "etl/spark_duplicate_rows", **span)
    finally:
        con.unregister("spark_duplicates")


def state_before(con: store.Connection) -> dict[str, pa.Table]:
    """The tables the rollups read, as the database holds them before the batch; of
    readers_by_article only the hours the batch can touch."""
    state = {
        name: con.table(name).to_arrow_table()
        for name in spark_rollups.state_tables()
        if name != "readers_by_article"
    }
    state["readers_by_article"] = store.arrow(con, "etl/readers_of_span")
    return state
