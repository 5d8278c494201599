"""What traffic-source classification costs a load (issue 17: at most 10% at 10M events).

    .venv/bin/python bench/sources_cost.py --sizes 1M,10M [--cache DIR]

Since schema version 7 the classification is part of every load, so it is measured inside one:
for each size, `newsdash etl --no-export` of the bench's 14 history files (bench/datasets.py,
`newsdash generate`, whose views carry the Korean source mix with UTM page URLs) into a new
warehouse runs under bench/etl_probe.py, which times each step of the product's own code. The
sources' share of that load is the sum of

- classify: `etl.sources.classify_batch` per batch (one event per new source key, the keys
  classified in Python into source_map; includes loading Matomo's lists and the PSL once);
- rollup: `sql/rollup/hourly_sources.sql` per batch;
- keys: what `sql/etl/land_events.sql` spends cutting every line to its source key, measured
  afterwards in a fresh process as the same expression over every loaded event
  (`SELECT sum(source_key_hash(...))`), median of 3: the landing does it inline, where it
  cannot be timed apart.

Load and parts come from the same run: on a shared machine compare ratios, not seconds. Use a
cache of its own (`--cache`): inputs generated before the mix carry no UTM. Not part of the
test suite.
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

PROBE = Path(__file__).with_name("etl_probe.py")
KEY_SQL = (
    "SELECT sum(source_key_hash(k, source_utm_source(url), source_utm_medium(url),"
    " source_utm_campaign(url), source_agent_key(k, user_agent)))"
    " FROM (SELECT source_referrer_key(referrer) AS k, url, user_agent FROM lake_events)"
)


def key_seconds(db: Path) -> float:
    """Cutting every loaded event to its source key, once (the child process's work)."""
    from newsdash.etl import lake
    from newsdash.sql import store

    con = store.Database(db, ZoneInfo("Asia/Seoul")).connect()
    store.execute(con, "etl/source_macros")
    events = lake.files(lake.events_path(lake.lake_root(db)))  # raw events: the lake (issue 14)
    relation = lake.read_files(con, events, lake.EVENTS_SCHEMA)
    start = time.perf_counter()
    relation.query("lake_events", KEY_SQL).fetchall()
    return time.perf_counter() - start


def one_size(size: int, cache: Path, scratch: Path) -> dict:
    data = datasets.generate(newsdash_bin(), cache, size, log)
    work = fresh(scratch / data.label)
    db, profile = work / "newsdash.duckdb", work / "profile.json"
    cmd = [sys.executable, str(PROBE), str(profile), "etl", "--no-export", "--events"]
    cmd += [*map(str, data.history), "--articles", str(data.articles), "--db", str(db)]
    log(f"{data.label}: newsdash etl under the step timers")
    load = check(run_child(f"etl {data.label}", cmd, work), work)
    steps = json.loads(profile.read_text())
    keys = []
    for rep in range(3):
        log(f"{data.label}: source keys of every event ({rep + 1}/3)")
        child = [sys.executable, __file__, "--keys", str(db)]
        keys.append(float(subprocess.run(child, capture_output=True, text=True, check=True).stdout))
    parts = {
        "classify_s": steps["traffic sources: classify_batch"]["seconds"],
        "rollup_s": steps["query: rollup/hourly_sources"]["seconds"],
        "keys_s": statistics.median(keys),
    }
    return {"size": data.label, "events": events_loaded(db), "load_s": load.seconds,
            "load1_at_load": load.load1, "main_s": steps["main()"]["seconds"], **parts,
            "land_events_s": steps["query: etl/land_events"]["seconds"],
            "key_runs": keys, "source_keys": source_keys(db)}  # fmt: skip


def source_keys(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM source_map").fetchone()[0]
    finally:
        con.close()


def table(results: list[dict]) -> str:
    lines = [
        "| size | events | load (`newsdash etl`) | source keys | classify | rollup | keys (inline) "
        "| sources in all | ratio | goal ≤ 10% |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        total = r["classify_s"] + r["rollup_s"] + r["keys_s"]
        ratio = total / r["load_s"]
        lines.append(
            f"| {r['size']} | {r['events']:,} | {r['load_s']:.1f} s | {r['source_keys']:,} "
            f"| {r['classify_s']:.2f} s | {r['rollup_s']:.2f} s | {r['keys_s']:.2f} s "
            f"| {total:.2f} s | {ratio:.1%} | {'met' if ratio <= 0.10 else '**not met**'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1M,10M")
    parser.add_argument("--cache", help="generated inputs (default $TMPDIR/newsdash-bench)")
    parser.add_argument("--keys", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.keys:
        print(key_seconds(Path(args.keys)))
        return 0
    cache = datasets.cache_root(args.cache)
    scratch = cache / "sources-cost"
    about = machine()
    results = [one_size(datasets.parse_size(s), cache, scratch) for s in args.sizes.split(",")]
    out = scratch / f"sources-cost-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"machine": about, "results": results}, indent=1))
    print(table(results))
    print(f"\nload average at start {about['load_average_at_start']}; code {about['newsdash']}")
    print(f"every sample: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
