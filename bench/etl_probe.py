"""`newsdash ...` with timers: runs the product's own command-line `main()` unchanged, after
wrapping the functions where the ETL spends its time, and writes the time per step as JSON.

    python bench/etl_probe.py PROFILE.json etl --no-export --events ... --db ...

Steps: every query file run through `sql.store.execute` (by name, all files summed), the
transaction calls (begin/commit), CHECKPOINT and close, the content hash of each input file,
the copy of the published database into the working file, publishing, the bot classifier,
and the process's start (interpreter and imports, up to `main()`). Product code is not edited:
the wrapping happens in this process only.

`BENCH_WHAT_IF=small-csv-buffer` tries a proposed change the same way (see WHAT_IF).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

STARTED = time.perf_counter()
TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
_INSIDE_QUERY = [False]


def add(label: str, seconds: float) -> None:
    TIMES[label][0] += seconds
    TIMES[label][1] += 1


def timed(label: str, func):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            add(label, time.perf_counter() - start)

    return wrapper


class TimedConnection:
    """Delegates to a DuckDB connection, timing what the ETL calls on it outside query files."""

    def __init__(self, con) -> None:
        self._con = con

    def __getattr__(self, name: str):
        return getattr(self._con, name)

    def execute(self, sql, *args, **kwargs):
        if _INSIDE_QUERY[0]:
            return self._con.execute(sql, *args, **kwargs)
        words = " ".join(str(sql).split()[:2])
        return timed(f"sql: {words}", self._con.execute)(sql, *args, **kwargs)

    def begin(self):
        return timed("transaction: begin", self._con.begin)()

    def commit(self):
        return timed("transaction: commit", self._con.commit)()

    def rollback(self):
        return timed("transaction: rollback", self._con.rollback)()

    def close(self):
        return timed("close (checkpoint on close)", self._con.close)()


def wrap_store() -> None:
    from newsdash.sql import store

    original_execute, original_connect = store.execute, store.Database.connect

    def execute(con, name, /, **params):
        start = time.perf_counter()
        _INSIDE_QUERY[0] = True
        try:
            return original_execute(con, name, **params)
        finally:
            _INSIDE_QUERY[0] = False
            add(f"query: {name}", time.perf_counter() - start)

    def connect(database):
        return TimedConnection(timed("connect", original_connect)(database))

    original_delta = store.compute_delta

    def compute_delta(con, step):  # a rollup's delta SELECT (issue 14), timed under its file
        start = time.perf_counter()
        _INSIDE_QUERY[0] = True
        try:
            return original_delta(con, step)
        finally:
            _INSIDE_QUERY[0] = False
            add(f"query: {step.delta}", time.perf_counter() - start)

    store.execute, store.Database.connect = execute, connect
    store.compute_delta = compute_delta


def wrap_etl() -> None:
    from newsdash.etl import batches, land, run

    batches.content_hash = timed("sha256 of input files", batches.content_hash)
    run.prepare_working_copy = timed("copy published db to working file", run.prepare_working_copy)
    run.publish = timed("publish (rename)", run.publish)
    run.open_writer = timed("open writer + migrate", run.open_writer)
    land.classify_agents = timed("bot classifier (python)", land.classify_agents)
    land.classify_batch = timed("traffic sources: classify_batch", land.classify_batch)
    batches.load_event_batch = timed("load_event_batch total", land.load_event_batch)


def small_csv_buffer() -> None:
    """What if the line readers used max_line_size 1 MB (DuckDB's CSV buffer is 16x that), read
    sequentially (the parallel reader refuses some gzip'd files with a small buffer)?"""
    from newsdash.sql import store

    original = store.query_text
    store.query_text = lambda name: original(name).replace(
        "max_line_size = 16777216", "max_line_size = 1048576, parallel = false"
    )


def one_checkpoint() -> None:
    """What if the writer checkpointed only once, at the end of the run (the run ends with a
    CHECKPOINT anyway), instead of whenever the WAL passes DuckDB's 16 MB default?"""
    from newsdash.sql import store

    original = store.Database.connect

    def connect(database):
        con = original(database)
        if not database.read_only:
            con.execute("SET checkpoint_threshold = '64GB'")
        return con

    store.Database.connect = connect


WHAT_IF = {"small-csv-buffer": small_csv_buffer, "one-checkpoint": one_checkpoint}


def main() -> int:
    out, argv = Path(sys.argv[1]), sys.argv[2:]
    from newsdash import commands as cli

    for name in filter(None, os.environ.get("BENCH_WHAT_IF", "").split(",")):
        WHAT_IF[name]()  # a change tried in this process only, never in the product's files
    wrap_store()
    wrap_etl()
    add("imports of newsdash.commands (part of process start)", time.perf_counter() - STARTED)
    start = time.perf_counter()
    try:
        code = cli.main(argv)
    finally:
        add("main()", time.perf_counter() - start)
        steps = {k: {"seconds": round(v[0], 4), "calls": v[1]} for k, v in TIMES.items()}
        out.write_text(json.dumps(steps, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
