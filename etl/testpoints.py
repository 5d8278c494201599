"""Named points where a test can freeze the real ETL process, to kill it there for real.

`NEWSDASH_STOP_AT=point` (or `point#n`: the n-th time it is reached; several points separated
by commas) makes the process send itself SIGSTOP there. The test waits for the stop
(`waitpid(..., WUNTRACED)`), then sends SIGKILL (the real process dies at a known moment,
without sleeping and hoping) or SIGCONT (it goes on, e.g. after the test looked at what
readers see meanwhile).

Points: `run:locked`, `prepare:copied`, `run:started`, `file:hashing` (an input file listed,
not yet hashed), `file:hashed` (hashed, not yet read), `batch:landed` (a batch's lines in
the run's temp tables and its files in the ledger, inside the settle transaction: its settling
not begun), `lake:files-written`, `lake:committed` (each lake append),
`lake:batch-committed` (a batch's lake appends done, its database commit not yet),
`file:done`, `retention:delete`, `retention:dropped` (the lake's old days dropped, the database
not yet told), `publish:checking` (the
result closed, not yet checked), `publish:before` (checked, not yet renamed),
`publish:renamed`, `restore:copied`, `restore:work-removed`, `import:part` (an imported
chunk written and fsync'd as `.part`, not yet renamed), `import:chunk` (renamed), and
`sql:<query>` (just before a query file from `sql/` runs, e.g. `sql:rollup/hourly`, inside a
batch's transaction).

Without the variable (always, outside tests) `reached` is one dictionary lookup and
`watch_queries` does nothing.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "NEWSDASH_STOP_AT"
_seen: Counter[str] = Counter()


def wanted() -> dict[str, int]:
    """The requested points and, for each, which occurrence stops the process."""
    spec = os.environ.get(ENV, "")
    points = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        point, _, nth = item.partition("#")
        points[point] = int(nth or 1)
    return points


def reached(point: str) -> None:
    """Stop this process here if the test asked for this point (and this occurrence)."""
    nth = wanted().get(point) if ENV in os.environ else None
    if nth is None:
        return
    _seen[point] += 1
    if _seen[point] == nth:
        os.kill(os.getpid(), signal.SIGSTOP)


def watch_queries() -> None:
    """For a `sql:` point, stop just before that query file runs (the query then runs as usual).

    The loader's queries run inside its own transactions, where run.py has no line of
    its own; wrapping the single function every query goes through reaches them unchanged.
    """
    if not any(point.startswith("sql:") for point in wanted()):
        return
    from newsdash.sql import store

    if getattr(store.execute, "_stops", False):
        return
    original = store.execute

    def execute(con, name, /, **params):
        reached(f"sql:{name}")
        return original(con, name, **params)

    execute._stops = True
    store.execute = execute
