"""What traffic-source classification adds to a load (issue 17: at most 10% at 10M events).

    .venv/bin/python bench/sources_cost.py --sizes 1M,10M

For each size, on the bench's cached inputs (bench/datasets.py, `newsdash generate`):

1. load time: `newsdash etl --no-export` of the 14 history files into a new warehouse, once;
2. classification, in a fresh process on that warehouse, `--reps` times (median):
   - classify keys: `etl.sources.classify_input` (every event cut to its source key in SQL, the
     distinct keys classified in Python into the temp table source_map; includes loading the
     rules, Matomo's lists and the Public Suffix List);
   - rollup by source: `sql/etl/source_hourly.sql` (events counted per article, hour and key,
     then the counts joined to source_map), stored as a temp table;
   - every event's source stored: `sql/etl/event_sources.sql` (each event joined to its key's
     row), stored as a temp table of (source_group, source_name, campaign), one row per event.
   Ratios: classify + rollup, and classify + every event's source, over the load time.

Two inputs per size: the events as loaded (their referrers and user agents; the generator
writes no page URL, so no UTM), and the same events with the realistic Korean mix of
`etl.generate_sources` (referrers, in-app user agents and page URLs with UTM queries, joined
onto each event from 100,000 draws, written to a database file of its own before the clock
starts). Load and classification are timed in the same run: on a shared machine compare ratios,
not seconds. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import datasets
from harness import check, log, machine, run_child
from run import events_loaded, fresh, newsdash_bin

INPUTS = ("as_loaded", "korean_mix")
DRAWS = 100_000


def build_mix(warehouse: Path, mix_db: Path) -> None:
    """A database whose events table holds the warehouse's events with the Korean mix's
    referrer, page URL (the article's, plus the UTM query) and user agent (untimed)."""
    import duckdb
    import numpy as np
    import pandas as pd

    from newsdash.etl.generate_sources import draw_sources

    d = draw_sources(np.random.default_rng(1), DRAWS)
    draws = pd.DataFrame({"i": range(DRAWS), "referrer": d.referrer, "query": d.query,
                          "agent": d.user_agent})  # fmt: skip
    con = duckdb.connect(str(mix_db))
    con.execute("ATTACH $path AS w (READ_ONLY)", {"path": str(warehouse)})
    con.register("draws", draws)
    con.execute(
        "CREATE TABLE events AS SELECT e.article_id, e.event_time, d.referrer,"
        " a.url || CASE WHEN d.query = '' THEN '' ELSE '&' || substr(d.query, 2) END AS url,"
        " coalesce(nullif(d.agent, ''), e.user_agent) AS user_agent"
        " FROM w.events AS e JOIN draws AS d ON d.i = hash(e.event_id) % $n"
        " LEFT JOIN w.articles AS a USING (article_id)",
        {"n": DRAWS},
    )
    con.close()


def measure(db: Path, kind: str) -> dict:
    """One classification of every event of `db` (the child process's work): the distinct
    keys, then the events per article, hour and source (the rollup), then every event's
    source stored as a temp table (source_group, source_name, campaign)."""
    from newsdash.etl.sources import classify_input
    from newsdash.sql import store

    con = store.Database(db, ZoneInfo("Asia/Seoul"), memory_limit="1.5GB").connect()
    url = "NULL::VARCHAR AS url" if kind == "as_loaded" else "url"
    con.execute(
        "CREATE TEMP VIEW source_input AS "
        f"SELECT article_id, event_time, referrer, {url}, user_agent FROM events"
    )
    timer = time.perf_counter()
    keys = classify_input(con)
    seconds = {"classify_s": time.perf_counter() - timer}
    for name, query in (("rollup", "etl/source_hourly"), ("per_event", "etl/event_sources")):
        timer = time.perf_counter()
        wanted = "*" if name == "rollup" else "source_group, source_name, campaign"
        con.execute(  # a query file of ours, stored as a temp table
            f"CREATE TEMP TABLE {name} AS SELECT {wanted} FROM ({store.query_text(query)})"
        )
        seconds[f"{name}_s"] = time.perf_counter() - timer
    rows = con.execute("SELECT count(*) FROM per_event").fetchone()[0]
    summed = con.execute("SELECT sum(events)::BIGINT FROM rollup").fetchone()[0]
    groups = dict(con.execute("SELECT source_group, count(*) FROM per_event GROUP BY 1").fetchall())
    return {"keys": keys, **seconds, "rows": rows, "rollup_sum": summed, "groups": groups}


def measure_child(db: Path, kind: str) -> dict:
    cmd = [sys.executable, __file__, "--measure", str(db), kind]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def one_size(size: int, cache: Path, scratch: Path, reps: int) -> dict:
    data = datasets.generate(newsdash_bin(), cache, size, log)
    work = fresh(scratch / data.label)
    db = work / "newsdash.duckdb"
    cmd = [newsdash_bin(), "etl", "--no-export", "--events", *map(str, data.history)]
    cmd += ["--articles", str(data.articles), "--db", str(db)]
    log(f"{data.label}: newsdash etl (the load time)")
    load = check(run_child(f"etl {data.label}", cmd, work), work)
    log(f"{data.label}: building the Korean mix (not timed)")
    subprocess.run([sys.executable, __file__, "--build-mix", str(db), str(work / "mix.duckdb")],
                   check=True)  # fmt: skip
    result = {"size": data.label, "events": events_loaded(db), "load_s": load.seconds,
              "load1_at_load": load.load1, "inputs": {}}  # fmt: skip
    for kind in INPUTS:
        runs = []
        for rep in range(reps):
            log(f"{data.label}: classify {kind} ({rep + 1}/{reps})")
            runs.append(measure_child(db if kind == "as_loaded" else work / "mix.duckdb", kind))
        counted = {(r["rows"], r["rollup_sum"]) for r in runs}
        assert counted == {(result["events"], result["events"])}, "an event dropped or doubled"
        med = {k: statistics.median(r[k] for r in runs) for k in PARTS}
        result["inputs"][kind] = {"keys": runs[0]["keys"], "groups": runs[0]["groups"],
                                  "runs": runs, **med}  # fmt: skip
    return result


PARTS = ("classify_s", "rollup_s", "per_event_s")


def table(results: list[dict]) -> str:
    lines = [
        "| size | events | load (`newsdash etl`) | input | distinct keys | classify keys "
        "| + rollup by source | ratio | + every event's source stored | ratio | goal ≤ 10% |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for kind, m in r["inputs"].items():
            rollup = m["classify_s"] + m["rollup_s"]
            stored = m["classify_s"] + m["per_event_s"]
            ratios = rollup / r["load_s"], stored / r["load_s"]
            met = " / ".join("met" if x <= 0.10 else "**not met**" for x in ratios)
            lines.append(
                f"| {r['size']} | {r['events']:,} | {r['load_s']:.1f} s | {kind} | {m['keys']:,} "
                f"| {m['classify_s']:.2f} s | {rollup:.2f} s | {ratios[0]:.1%} "
                f"| {stored:.2f} s | {ratios[1]:.1%} | {met} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1M,10M")
    parser.add_argument("--reps", type=int, default=3, help="classification runs per input")
    parser.add_argument("--cache", help="generated inputs (default $TMPDIR/newsdash-bench)")
    parser.add_argument("--measure", nargs=2, metavar=("DB", "INPUT"), help=argparse.SUPPRESS)
    parser.add_argument("--build-mix", nargs=2, metavar=("DB", "MIX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1])))
        return 0
    if args.build_mix:
        build_mix(Path(args.build_mix[0]), Path(args.build_mix[1]))
        return 0
    cache = datasets.cache_root(args.cache)
    scratch = cache / "sources-cost"
    about = machine()
    results = []
    for size in (datasets.parse_size(s) for s in args.sizes.split(",")):
        results.append(one_size(size, cache, scratch, args.reps))
    out = scratch / f"sources-cost-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"machine": about, "results": results}, indent=1))
    print(table(results))
    print(f"\nload average at start {about['load_average_at_start']}; code {about['newsdash']}")
    print(f"every sample: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
