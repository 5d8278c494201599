"""Where a `newsdash etl` run's seconds go: the real command, in-process, with a timer around
each phase. Not part of the test suite.

    .venv/bin/python bench/etl_phases.py -- etl --no-export --events F --db D

Runs `newsdash` with the given arguments after wrapping, by name, the functions a run goes
through (the copy, the lock, recovery, each query file, each rollup step, the lake appends,
the checkpoint, the check of every block, the rename), and prints one JSON object on stderr's
last line: seconds per phase, in the order first reached, plus `imports` (interpreter start to
the command) and `total`. Queries are grouped by their file (e.g. `sql:etl/history_ids`).
`bench/micro_batch.py --phases` runs it for each timed run.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from functools import wraps

STARTED = time.perf_counter()

from newsdash import commands  # noqa: E402
from newsdash.etl import batches, lake, lake_run, land, publish, run  # noqa: E402
from newsdash.sql import store  # noqa: E402

IMPORTED = time.perf_counter()
spent: dict[str, float] = defaultdict(float)
cpu: dict[str, float] = defaultdict(float)


def cpu_seconds() -> float:
    """User + system CPU of this process, all its threads (DuckDB's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Span:
    """Adds the wall and CPU seconds of a `with` block to `label`."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()

    def __exit__(self, *exc) -> None:
        spent[self.label] += time.perf_counter() - self.wall
        cpu[self.label] += cpu_seconds() - self.cpu


def timed(owner, name: str, label: str | None = None) -> None:
    original = getattr(owner, name)

    @wraps(original)
    def wrapper(*args, **kwargs):
        with Span(label or name):
            return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def timed_queries() -> None:
    """Each query file's own time (store.rows, scalar, frame go through execute)."""
    original = store.execute

    def execute(con, name, /, **params):
        with Span(f"sql:{name}"):
            return original(con, name, **params)

    store.execute = execute
    original_arrow = store.arrow

    def arrow(con, name, /, **params):
        with Span(f"sql:{name} (arrow)"):
            return original_arrow(con, name, **params)

    store.arrow = arrow


def wrap_checkpoint() -> None:
    """The CHECKPOINT at the end of a run is a plain con.execute: time load_run's tail."""
    original = run.load_run

    def load_run(con, *args, **kwargs):
        real = con.execute

        class Timed:
            def __getattr__(self, attr):
                return getattr(con, attr)

            def execute(self, text, *a, **k):
                if text == "CHECKPOINT":
                    with Span("checkpoint"):
                        return real(text, *a, **k)
                return real(text, *a, **k)

        return original(Timed(), *args, **kwargs)

    run.load_run = load_run


def main(argv: list[str]) -> int:
    timed_queries()
    for step_fn in ("compute_delta", "apply_delta"):
        original = getattr(store, step_fn)

        def step(con, rollup, _original=original, _fn=step_fn):
            with Span(f"rollup:{rollup.table}:{_fn.split('_')[0]}"):
                return _original(con, rollup)

        setattr(store, step_fn, step)
    timed(run, "exclusive_run", "lock (enter)")
    timed(run, "prepare_working_copy", "copy <db> to .work")
    timed(run, "open_writer", "open + migrate")
    timed(run, "open_lake", "open lake")
    timed(run, "recover", "recover lake")
    timed(run, "refresh_dedupe_keys", "refresh/forget dedupe keys")
    timed(run, "apply_retention", "retention")
    timed(batches, "load_event_batch", "batch (land + settle)")
    timed(land, "land", "land")
    timed(land, "settle", "settle: dedupe + rollups")
    timed(land, "classify_new_user_agents", "classify user agents")
    timed(land, "commit_batch", "commit batch (lake + ledger)")
    timed(lake, "append_events", "lake append events")
    timed(lake, "append_quarantine", "lake append quarantine")
    timed(lake_run, "find_history_ids", "dedupe: history ids from lake")
    timed(publish, "verify_database", "verify every block")
    timed(run, "publish", "publish (verify + rename)")
    timed(run, "close_quietly")
    wrap_checkpoint()
    begun = time.perf_counter()
    code = commands.main(argv)
    done = time.perf_counter()
    report = {"imports": IMPORTED - STARTED, "command": done - begun, "total": done - STARTED,
              "cpu_total": cpu_seconds()}  # fmt: skip
    report.update({k: round(v, 4) for k, v in spent.items()})
    report["cpu"] = {k: round(v, 4) for k, v in cpu.items()}
    print(json.dumps(report), file=sys.stderr)
    return code


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    raise SystemExit(main(args))
