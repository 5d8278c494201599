"""`newsdash etl --engine spark` beside the DuckDB engine, in the same run (issue 16).

    .venv/bin/python bench/spark.py --sizes 1M,10M

For each size, the 14 history files of the cached inputs (bench/datasets.py, the full load of
bench/run.py's figure 1) go through `newsdash etl --no-export --events ... --articles ...` into
a new warehouse, once with `--engine duckdb` and once with `--engine spark` (`local[2]`: the
machine's two cores), alternating, `--reps` times each. Each run is a fresh child process; its
CPU is user + system of the child and of every process it waited for: the Spark child stops
its session and waits for the JVM (`os.wait4`), so the JVM's CPU is counted, and reported apart.
Prints a Markdown table (events per CPU-second, CPU and wall seconds, load average) and writes
it with every sample as JSON to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datasets, harness  # noqa: E402

ENGINES = ("duckdb", "spark")
DRIVER_MEMORY = (
    "4g"  # local mode: the driver is the executor; 1g (the default) recomputes the batch
)
CONFIG = '[etl]\nspark_master = "local[2]"\n[export]\nafter_etl = false\n'


def child(argv: list[str]) -> int:
    """In the child: run `newsdash etl` with argv; for the Spark engine stop the session and wait
    for the JVM, printing its CPU seconds (JSON) on the last line of stdout."""
    from newsdash.commands import main

    code = main(argv)
    jvm = {"jvm_cpu_seconds": 0.0}
    if "spark" in argv:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession

        proc = SparkContext._gateway.proc if SparkContext._gateway else None
        session = SparkSession.getActiveSession()
        if session is not None:
            session.stop()
        if proc is not None:
            proc.stdin.close()  # the gateway exits when its stdin closes
            _, _, usage = os.wait4(proc.pid, 0)
            jvm["jvm_cpu_seconds"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(jvm), flush=True)
    return code


def loaded(db: Path) -> dict:
    """Events read and loaded by the run, from the published warehouse's ledger."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        read, ok = con.execute("SELECT sum(records_read), sum(loaded) FROM files").fetchone()
    finally:
        con.close()
    return {"records_read": int(read), "loaded": int(ok)}


def one_run(data: datasets.Dataset, engine: str, rep: int, scratch: Path) -> dict:
    folder = scratch / f"{data.label}-{engine}-{rep}"
    folder.mkdir(parents=True)
    (folder / "newsdash.toml").write_text(CONFIG)
    argv = ["--config", str(folder / "newsdash.toml"), "etl", "--no-export", "--engine", engine,
            "--db", str(folder / "nd.duckdb"), "--events", *map(str, data.history),
            "--articles", str(data.articles)]  # fmt: skip
    cmd = [harness.python(), __file__, "child", *argv]
    env = harness.child_env(PYSPARK_SUBMIT_ARGS=f"--driver-memory {DRIVER_MEMORY} pyspark-shell")
    run = harness.run_child(f"{data.label} {engine} {rep}", cmd, folder, env)
    harness.check(run, folder)
    jvm = json.loads((folder / f"{data.label}_{engine}_{rep}.out").read_text().splitlines()[-1])
    counts = loaded(folder / "nd.duckdb")
    harness.log(f"{data.label} {engine} #{rep}: {run.seconds:.1f} s wall, "
                f"{run.cpu_seconds:.1f} CPU-s ({jvm['jvm_cpu_seconds']:.1f} in the JVM)")  # fmt: skip
    return {"size": data.label, "engine": engine, "rep": rep, **run.to_dict(), **jvm, **counts}


def summary(samples: list[dict]) -> list[dict]:
    rows = []
    for size in dict.fromkeys(s["size"] for s in samples):
        for engine in ENGINES:
            runs = [s for s in samples if s["size"] == size and s["engine"] == engine]
            cpu = harness.median([s["cpu_seconds"] for s in runs])
            events = runs[0]["records_read"]
            rows.append({
                "size": size, "engine": engine, "events": events, "runs": len(runs),
                "cpu_s": cpu, "jvm_cpu_s": harness.median([s["jvm_cpu_seconds"] for s in runs]),
                "wall_s": harness.median([s["seconds"] for s in runs]),
                "events_per_cpu_s": events / cpu,
                "load1": [round(s["load1"], 1) for s in runs],
            })  # fmt: skip
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| size | engine | events read | CPU s (median) | of it JVM | wall s | events / CPU-s "
        "| load avg at start |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['engine']} | {r['events']:,} | {r['cpu_s']:.1f} "
            f"| {r['jvm_cpu_s']:.1f} | {r['wall_s']:.1f} | {r['events_per_cpu_s']:,.0f} "
            f"| {', '.join(map(str, r['load1']))} |"
        )
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1M,10M")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--cache", help="the inputs' folder (default $TMPDIR/newsdash-bench)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/engine-bench"))
    args = parser.parse_args()
    root = datasets.cache_root(args.cache)
    newsdash = str(Path(harness.python()).with_name("newsdash"))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    scratch = args.out / f"run-{stamp}"
    samples = []
    for size in map(datasets.parse_size, args.sizes.split(",")):
        data = datasets.generate(newsdash, root, size, harness.log)
        for rep in range(args.reps):
            for engine in ENGINES:
                samples.append(one_run(data, engine, rep, scratch))
    rows = summary(samples)
    text = f"commit {harness.git_revision()}, machine {json.dumps(harness.machine())}\n\n"
    text += table(rows)
    print(text)
    (args.out / f"spark-{stamp}.md").write_text(text + "\n")
    (args.out / f"spark-{stamp}.json").write_text(json.dumps({"rows": rows, "samples": samples}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
