"""The Spark side of `newsdash etl --engine spark` (issue 16): dedupe a staged batch against the
lake, flag its bots from the classifier's verdicts (a broadcast table), and compute every
rollup's delta rows from the same SQL as DuckDB's (etl/spark_rollups.py).

The batch arrives as Parquet: its valid records, landed and validated by the DuckDB side
(etl/spark_engine.py stages them). Spark returns small things only: the duplicate rows
(row_id, late) and each rollup's delta rows. The DuckDB side applies them with the same
apply files and ledger, and commits the lake.

`newsdash etl --engine spark` runs these functions in its own process, the Spark driver
(`[etl] spark_master` says where the executors are: `local[*]`, `yarn`, `spark://...`). The
same job runs on its own over files, e.g. on a cluster (docs/scale.md, "The Spark job"):

    spark-submit --master yarn --deploy-mode cluster --py-files newsdash.zip \\
        etl/spark_job.py --staged s3a://lake/_staging/batch.parquet \\
        --lake-files s3a://lake/_staging/lake_files.txt --agents s3a://lake/_staging/agents \\
        --state s3a://lake/_staging/state --zone Asia/Seoul --now 2025-11-03T12:00:00Z \\
        --window-start 2025-10-27 --out s3a://lake/_staging/out

pyspark is imported only by `spark_rollups.session`: importing this module needs no JVM.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from newsdash.etl import spark_rollups
from newsdash.sql import render

STAGED, LAKE_IDS = "staged_events", "lake_ids"
DUPLICATES, AGENTS = "duplicate_rows", "batch_agents"
DUPLICATE_SCHEMA = pa.schema([("row_id", pa.int64()), ("late", pa.bool_())])


def stage(spark: Any, staged: str) -> Any:
    """The staged batch as the view staged_events, read once (a local checkpoint)."""
    frame = spark.read.parquet(staged).localCheckpoint()
    frame.createOrReplaceTempView(STAGED)
    return frame


def find_duplicates(
    spark: Any, lake_files: list[str], events_folder: str, window_start: date
) -> pa.Table:
    """The staged rows that repeat an accepted event_id (sql/spark/duplicate_rows.sql), against
    the event ids of `lake_files`: the lake's files of the window's days and of the batch's
    days older than the window."""
    if lake_files:
        ids = spark.read.option("basePath", events_folder).parquet(*lake_files)
        ids.select("event_id", "dt").createOrReplaceTempView(LAKE_IDS)
    else:
        spark.sql("SELECT CAST(NULL AS STRING) AS event_id, CAST(NULL AS DATE) AS dt LIMIT 0")\
            .createOrReplaceTempView(LAKE_IDS)  # fmt: skip
    query = render.spark_sql("spark/duplicate_rows")
    found = spark.sql(query, args={"window_start": window_start}).toArrow()
    return found.cast(DUPLICATE_SCHEMA)


def batch_events(spark: Any, duplicates: pa.Table, agents: pa.Table) -> Any:
    """The batch's accepted events (sql/spark/batch_events.sql): the staged rows less the
    duplicates, bots flagged by the verdicts of `agents` (user_agent, is_bot), broadcast."""
    from pyspark.sql.functions import broadcast

    spark_rollups.to_spark(spark, duplicates).createOrReplaceTempView(DUPLICATES)
    broadcast(spark_rollups.to_spark(spark, agents)).createOrReplaceTempView(AGENTS)
    return spark.sql(render.spark_sql("spark/batch_events"))


def rollups(
    spark: Any,
    lake_files: list[str],
    events_folder: str,
    agents: pa.Table,
    state: dict[str, pa.Table],
    *,
    zone: str,
    now: datetime,
    window_start: date,
) -> tuple[pa.Table, dict[str, pa.Table]]:
    """The whole job on a staged batch (`stage` first) whose agents and state are known: the
    duplicate rows and every rollup's delta rows."""
    duplicates = find_duplicates(spark, lake_files, events_folder, window_start)
    events = batch_events(spark, duplicates, agents)
    return duplicates, spark_rollups.compute_deltas(spark, events, state, zone=zone, now=now)


# --- spark-submit ----------------------------------------------------------------------------


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="spark_job.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--staged", required=True, help="Parquet of the batch's valid records")
    parser.add_argument("--lake-files", required=True,
                        help="a text file: the lake's events files to dedupe against, one a line")  # fmt: skip
    parser.add_argument("--events-folder", help="the lake's events table (default: from the files)")
    parser.add_argument("--agents", required=True, help="Parquet: user_agent, is_bot")
    parser.add_argument("--state", required=True, help="a folder: one Parquet per state table")
    parser.add_argument("--zone", required=True, help="the site time zone, e.g. Asia/Seoul")
    parser.add_argument("--now", required=True, type=datetime.fromisoformat)
    parser.add_argument("--window-start", required=True, type=date.fromisoformat)
    parser.add_argument("--out", required=True, help="a folder: duplicates/ and one per rollup")
    parser.add_argument("--master", help="default: spark-submit's --master")
    return parser.parse_args(argv)


def events_folder_of(files: list[str]) -> str:
    """The events table's folder: the part of a file's URI before its `dt=` partition."""
    return files[0].split("/dt=", 1)[0] if files else ""


def main(argv: list[str] | None = None) -> None:
    """Read the inputs, run the job, write the duplicate rows and the delta rows as Parquet."""
    args = arguments(argv)
    spark = spark_rollups.session(args.master)
    lake_files = [
        line.strip() for line in spark.read.text(args.lake_files).toPandas()["value"] if line
    ]
    agents = spark.read.parquet(args.agents).toArrow()
    state = {
        name: spark.read.parquet(f"{args.state}/{name}").toArrow()
        for name in spark_rollups.state_tables()
    }
    stage(spark, args.staged)
    duplicates, deltas = rollups(
        spark, lake_files, args.events_folder or events_folder_of(lake_files), agents, state,
        zone=args.zone, now=args.now, window_start=args.window_start,
    )  # fmt: skip
    for name, rows in {"duplicates": duplicates, **deltas}.items():
        frame = spark_rollups.to_spark(spark, rows).coalesce(1)
        frame.write.mode("overwrite").parquet(f"{args.out}/{name}")


if __name__ == "__main__":
    main()
