"""The rollups' delta rows computed by Apache Spark from the same SQL (issue 16).

Each step of `sql/rollup/order.toml` is one SELECT written in DuckDB's dialect; Spark runs the
text `sql/render.py` renders from it, over the same accepted events (`batch_events`, read from
the lake's Parquet files that delta-rs lists: plain pyspark cannot load the delta-spark jar
here) and the same state tables (the dictionaries, readers, source map, page views and box
clicks, as the DuckDB side holds them before the batch). Writes stay each engine's own: inside
Spark a step's rows are kept for the later steps that read them ("append": the table with the
rows added; "temp": the rows under the step's name), and the delta rows go back to the DuckDB
side, which applies them with the same apply files (`apply_deltas`). pyspark is imported only
here, and only when a session is made: the default install needs no JVM.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsdash.sql import render, store

BATCH = "batch_events"
LAKE_ONLY_COLUMNS = ("dt",)  # the lake's partition column: not a column of batch_events


def session(
    master: str | None = "local[2]",
    shuffle_partitions: int = 4,
    conf: Mapping[str, str] | None = None,
) -> Any:
    """A Spark session (local mode by default; None: the master spark-submit gives) with
    newsdash's settings and `conf`; the site time zone is set per batch by `compute_deltas`.
    The process's running session, if there is one, is reused (`getOrCreate`)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    if master:
        builder = builder.master(master)
    return (
        builder.appName("newsdash-rollups")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def read_events(spark: Any, table_folder: Path, files: list[str]) -> Any:
    """The accepted events in these Parquet files of the lake's events table (the list from
    `lake.files`), as `batch_events` is shaped: without the partition column."""
    frame = spark.read.option("basePath", str(table_folder)).parquet(*files)
    return frame.drop(*LAKE_ONLY_COLUMNS)


def to_spark(spark: Any, table: pa.Table) -> Any:
    """An Arrow table as a Spark DataFrame; unsigned 64-bit keys (DuckDB UBIGINT) as
    decimal(20,0), the type Spark reads a Parquet UINT_64 column as."""
    fields = [
        pa.field(f.name, pa.decimal128(20, 0)) if pa.types.is_uint64(f.type) else f
        for f in table.schema
    ]
    return spark.createDataFrame(table.cast(pa.schema(fields)))


def state_tables() -> list[str]:
    """The tables of the database the steps read, besides the batch and the temp rows of an
    earlier step: what Spark must be given as the DuckDB side holds them before the batch."""
    temp = {step.table for step in store.rollup_steps() if step.apply == "temp"}
    read = {name for step in store.rollup_steps() for name in render.tables_read(step.delta)}
    return sorted(read - temp - {BATCH})


def compute_deltas(
    spark: Any,
    batch_events: Any,
    state: Mapping[str, pa.Table],
    *,
    zone: str,
    now: datetime,
) -> dict[str, pa.Table]:
    """Every step's delta rows for one batch, in order.toml's order, as Arrow tables."""
    spark.conf.set("spark.sql.session.timeZone", zone)
    missing = sorted(set(state_tables()) - state.keys())
    if missing:
        raise ValueError(f"the Spark rollups need the state tables {missing}")
    batch_events.localCheckpoint().createOrReplaceTempView(BATCH)  # read the files once
    for name in state_tables():
        to_spark(spark, state[name]).createOrReplaceTempView(name)
    steps = store.rollup_steps()
    deltas = {}
    for position, step in enumerate(steps):
        args = {"now": now} if "now" in store.query_params(step.delta) else None
        deltas[step.table] = spark.sql(render.spark_sql(step.delta), args=args).toArrow()
        keep_for_later(spark, step, deltas[step.table], later=steps[position + 1 :])
    return deltas


def keep_for_later(spark: Any, step: store.RollupStep, rows: pa.Table, later) -> None:
    """Apply a step inside Spark as far as later steps read its table."""
    readers = [s.table for s in later if step.table in render.tables_read(s.delta)]
    if not readers:
        return
    if step.apply == "temp":
        to_spark(spark, rows).createOrReplaceTempView(step.table)
    elif step.apply == "append":
        # Both sides are rows in memory (the state and the collected delta): no lineage to cut.
        grown = spark.table(step.table).unionByName(to_spark(spark, rows))
        grown.createOrReplaceTempView(step.table)
    else:
        raise ValueError(
            f"rollup {step.table} is merged and read by the later steps {readers}: "
            "the Spark engine keeps only appended and temp rows for later steps"
        )


def apply_deltas(con: store.Connection, deltas: Mapping[str, pa.Table]) -> None:
    """The DuckDB side: apply delta rows computed elsewhere with the same apply files, in
    order.toml's order (in the caller's transaction)."""
    for step in store.rollup_steps():
        con.register("rollup_delta", deltas[step.table])
        try:
            store.apply_delta(con, step)
        finally:
            con.unregister("rollup_delta")
