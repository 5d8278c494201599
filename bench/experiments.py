"""What the proposals in docs/performance.md would gain: alternative statements timed against the
product's own, on a copy of a benchmark warehouse and the next day's file, in one process.

    python bench/experiments.py WAREHOUSE.duckdb DAY.jsonl.gz [--memory-limit 300MB]

Nothing here changes the product: each variant is a query written next to the product's query
file it would replace, run on a scratch copy of the warehouse.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sql import store

READ_SELECT = store.query_text("etl/read_lines").split("AS\n", 1)[1]
FUSED = store.query_text("etl/validate_events").replace("FROM raw_lines", f"FROM ({READ_SELECT})")
SMALL_BUFFER = FUSED.replace("max_line_size = 16777216", "max_line_size = 1048576")
VALID = "FROM checked_events WHERE reason IS NULL"
DEDUPE = {
    "anti join on the VARCHAR event_id (today)":
        f"SELECT count(*) FROM (SELECT event_id {VALID}) c ANTI JOIN events e USING (event_id)",
    "anti join on a stored 64-bit hash(event_id)":
        f"SELECT count(*) FROM (SELECT hash(event_id) AS k {VALID}) c ANTI JOIN ids64 USING (k)",
    "anti join on a stored 128-bit md5_number(event_id)":
        f"SELECT count(*) FROM (SELECT md5_number(event_id) AS k {VALID}) c ANTI JOIN ids128 USING (k)",
}  # fmt: skip
KEYS = {
    "ids64": "CREATE TABLE ids64 AS SELECT hash(event_id) AS k FROM events",
    "ids128": "CREATE TABLE ids128 AS SELECT md5_number(event_id) AS k FROM events",
}
DAY_TRIPLES = """
    SELECT DISTINCT date_trunc('hour', event_time) AS hour, article_id, session_id
    FROM checked_events
    WHERE reason IS NULL AND event_type = 'view' AND session_id IS NOT NULL"""
READERS = {
    "readers triples: anti join against all of hourly_readers (today)": f"""
        SELECT count(*) FROM ({DAY_TRIPLES}) d
        ANTI JOIN hourly_readers r USING (hour, article_id, session_id)""",
    "readers triples: anti join against the file's hours only": f"""
        WITH d AS ({DAY_TRIPLES})
        SELECT count(*) FROM d
        ANTI JOIN (SELECT * FROM hourly_readers
                   WHERE hour BETWEEN (SELECT min(hour) FROM d) AND (SELECT max(hour) FROM d)) r
            USING (hour, article_id, session_id)""",
}


READER_TABLES = {
    "session keys": """CREATE TABLE session_keys AS
        SELECT session_id, row_number() OVER ()::INTEGER AS session_key
        FROM (SELECT DISTINCT session_id FROM hourly_readers)""",
    "triples with an integer session key": """CREATE TABLE readers_int AS
        SELECT r.hour, r.article_id, k.session_key
        FROM hourly_readers r JOIN session_keys k USING (session_id)""",
    "integer triples ordered by article, hour": """CREATE TABLE readers_sorted AS
        SELECT * FROM readers_int ORDER BY article_id, hour""",
}
TOP = "(SELECT article_id FROM hourly WHERE hour >= $start GROUP BY 1 ORDER BY sum(events) DESC LIMIT 10)"
READ_QUERIES = {
    "ranking readers, 10 articles, 30 days: triples as stored (today)": f"""
        SELECT article_id, count(DISTINCT session_id) FROM hourly_readers
        WHERE hour >= $start AND hour < $end AND article_id IN {TOP} GROUP BY 1""",
    "the same, integer session key": f"""
        SELECT article_id, count(DISTINCT session_key) FROM readers_int
        WHERE hour >= $start AND hour < $end AND article_id IN {TOP} GROUP BY 1""",
    "the same, integer key, ordered by article": f"""
        SELECT article_id, count(DISTINCT session_key) FROM readers_sorted
        WHERE hour >= $start AND hour < $end AND article_id IN {TOP} GROUP BY 1""",
    "site readers, 7 days: raw events (dash/readers today)": """
        SELECT count(DISTINCT session_id) FROM events
        WHERE event_type = 'view' AND NOT is_bot AND event_time >= $week AND event_time < $end""",
    "site readers, 7 days: integer triples": """
        SELECT count(DISTINCT session_key) FROM readers_int WHERE hour >= $week AND hour < $end""",
}


def timed(con, sql: str, params: dict | None = None, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        con.execute(sql, params or {}).fetchall()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def today(con, day: str, loaded_at: datetime) -> None:
    store.execute(con, "etl/read_lines", path=day)
    store.execute(con, "etl/validate_events", loaded_at=loaded_at)


def read_paths(con, day: str, loaded_at: datetime, rounds: int = 3) -> dict[str, float | str]:
    """Today's two statements and the fused variants, alternating, median of `rounds`."""
    params = {"path": day, "loaded_at": loaded_at}
    variants = {
        "read_lines + validate_events, two materialisations (today)": lambda: today(
            con, day, loaded_at
        ),
        "one statement, no raw_lines table": lambda: con.execute(FUSED, params),
        "one statement, max_line_size 1 MB": lambda: con.execute(SMALL_BUFFER, params),
    }
    samples: dict[str, list[float] | str] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            if isinstance(samples[name], str):
                continue
            start = time.perf_counter()
            try:
                run()
            except Exception as exc:  # an out-of-memory under a limit is a result too
                samples[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                continue
            samples[name].append(time.perf_counter() - start)
    return {k: v if isinstance(v, str) else statistics.median(v) for k, v in samples.items()}


def dedupe(con) -> dict[str, float]:
    found = {}
    for table, sql in KEYS.items():
        start = time.perf_counter()
        con.execute(sql)
        found[f"one-off: {table} for the history"] = time.perf_counter() - start
    for name, sql in {**DEDUPE, **READERS}.items():
        found[name] = timed(con, sql, repeat=3)
    return found


def readers(con) -> dict[str, float]:
    """Read-side variants of the readers count, on tables built here from hourly_readers."""
    found = {}
    for name, sql in READER_TABLES.items():
        start = time.perf_counter()
        con.execute(sql)
        found[f"one-off: {name}"] = time.perf_counter() - start
    end = con.execute("SELECT max(hour) + INTERVAL 1 HOUR FROM hourly").fetchone()[0]
    params = {"end": end, "start": end - timedelta(days=30), "week": end - timedelta(days=7)}
    for name, sql in READ_QUERIES.items():
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        found[name] = timed(con, sql, used, repeat=5)
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("day", type=Path)
    parser.add_argument("--memory-limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdash-exp-") as tmp:
        db = Path(tmp) / "w.duckdb"
        shutil.copyfile(args.warehouse, db)
        con = store.connect(
            db, read_only=False, timezone="Asia/Seoul", memory_limit=args.memory_limit
        )
        results = {"read path": read_paths(con, str(args.day), datetime.now(UTC))}
        results["dedupe and readers"] = dedupe(con)
        results["readers on the read side"] = readers(con)
        con.close()
    for group, figures in results.items():
        print(f"## {group}")
        for name, value in figures.items():
            shown = f"{value:8.2f} s" if isinstance(value, float) else value
            print(f"  {shown}  {name}")
    print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
