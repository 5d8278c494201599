"""newsdash benchmark: full load, nightly increment, reads, memory and a pandas peer.

    .venv/bin/python bench/run.py --sizes 1M,10M

See bench/README.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import datasets
import harness
import report
from datasets import Dataset
from harness import Run, check, child_env, log, run_child

DB_NAME = "newsdash.duckdb"


# --- runs of one kind ------------------------------------------------------------------------


def newsdash_bin() -> str:
    local = Path(sys.executable).parent / "newsdash"
    return str(local) if local.exists() else shutil.which("newsdash") or "newsdash"


def product_run(
    label: str, work: Path, files: list[Path], articles: Path | None, ok=(0,), **env: str
) -> Run:
    """`newsdash etl --no-export` through bench/etl_probe.py (the CLI's main(), with timers)."""
    work.mkdir(parents=True, exist_ok=True)
    profile = work / "profile.json"
    cmd = [sys.executable, harness.bench_script("etl_probe.py"), str(profile), "etl", "--no-export"]
    cmd += ["--events", *map(str, files), "--db", str(work / DB_NAME)]
    if articles is not None:
        cmd += ["--articles", str(articles)]
    run = run_child(label, cmd, work, child_env(**env), watch_spill=True)
    if ok:
        check(run, work, ok)
    if profile.exists():
        run.profile = json.loads(profile.read_text())
    return run


def floor_run(label: str, work: Path, files: list[Path]) -> Run:
    cmd = [sys.executable, harness.bench_script("floor.py"), str(work / "floor.duckdb")]
    return check(run_child(label, cmd + [str(f) for f in files], work), work)


def peer_run(label: str, work: Path, data: Dataset) -> Run:
    """The pandas peer; a failure (e.g. killed for memory) is a result, not a stop."""
    cmd = [sys.executable, harness.bench_script("pandas_peer.py"), "load", str(work / "peer")]
    cmd += ["--events", *map(str, data.history)]
    return run_child(label, cmd, work)


def lake_of(kept_db: Path) -> Path:
    """The lake of a warehouse whose database file is `kept_db` (etl/lake.py lake_root)."""
    return kept_db.with_name(kept_db.name + ".lake")


def fresh(work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work


def events_loaded(db: Path) -> int:
    """Accepted events (bots included) of a warehouse, as `newsdash status` reports them."""
    import subprocess

    cmd = [newsdash_bin(), "status", "--db", str(db), "--format", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=db.parent, env=child_env())
    return int(json.loads(done.stdout)["events_loaded"])


# --- the five figures ------------------------------------------------------------------------


def full_load(data: Dataset, scratch: Path, keep: Path, reps: int, peer_reps: int) -> dict:
    """Product, floor and peer runs alternating; the last product warehouse is kept."""
    found: dict[str, list[Run]] = {"product": [], "floor": [], "peer": []}
    for i in range(reps):
        order = ["product", "floor"] if i % 2 == 0 else ["floor", "product"]
        if i < peer_reps:
            order.insert(1, "peer")
        for kind in order:
            work = fresh(scratch / f"{data.label}-{kind}-{i}")
            log(f"full load {data.label} #{i + 1}/{reps}: {kind}")
            if kind == "product":
                run = product_run(f"etl-{data.label}", work, data.history, data.articles)
                shutil.move(work / DB_NAME, keep)
                shutil.rmtree(lake_of(keep), ignore_errors=True)  # the raw events (issue 14)
                shutil.move(lake_of(work / DB_NAME), lake_of(keep))
            elif kind == "floor":
                run = floor_run(f"floor-{data.label}", work, data.history)
            else:
                run = peer_run(f"pandas-{data.label}", work, data)
                if run.exit_code == 0:
                    shutil.rmtree(peer_keep(keep), ignore_errors=True)
                    shutil.move(work / "peer", peer_keep(keep))
                else:
                    log(f"  pandas peer failed: exit {run.exit_code}")
            log(f"  {run.seconds:.1f} s, peak {run.peak_rss_mb:,.0f} MB")
            found[kind].append(run)
            shutil.rmtree(work, ignore_errors=True)
    return {k: [r.to_dict() for r in v] for k, v in found.items()}


def increment(data: Dataset, history_db: Path, scratch: Path, reps: int) -> dict:
    """The next day's file into a copy of the full warehouse, and into an empty one."""
    found: dict[str, list[Run]] = {"into_history": [], "into_empty": []}
    for i in range(reps):
        order = ["into_history", "into_empty"] if i % 2 == 0 else ["into_empty", "into_history"]
        for kind in order:
            work = fresh(scratch / f"increment-{kind}-{i}")
            if kind == "into_history":
                shutil.copyfile(history_db, work / DB_NAME)  # not timed: the prepared warehouse
                shutil.copytree(lake_of(history_db), lake_of(work / DB_NAME))
            log(f"increment {data.label} #{i + 1}/{reps}: {kind}")
            run = product_run(f"increment-{kind}", work, [data.next_day], None)
            log(f"  {run.seconds:.1f} s")
            found[kind].append(run)
            shutil.rmtree(work, ignore_errors=True)
    result = {k: [r.to_dict() for r in v] for k, v in found.items()}
    lines = sum(1 for _ in _lines(data.next_day))
    return {"size": data.label, "day_file": data.next_day.name, "day_lines": lines, **result}


def _lines(path: Path):
    import gzip

    with gzip.open(path, "rb") as fh:
        yield from fh


def reads(data: Dataset, db: Path, scratch: Path, repeat: int) -> dict:
    work = fresh(scratch / f"reads-{data.label}")
    out = work / "reads.json"
    log(f"reads {data.label}: rankings and dashboard data, {repeat} warm calls each")
    cmd = [sys.executable, harness.bench_script("reads.py"), str(db), str(out)]
    run = check(run_child(f"reads-{data.label}", cmd + ["--repeat", str(repeat)], work), work)
    found = json.loads(out.read_text())
    found["load1"] = run.load1
    shutil.rmtree(work, ignore_errors=True)
    return found


def peer_keep(db: Path) -> Path:
    """Where the pandas peer's last output of a size is kept (for its ranking)."""
    return db.with_name(db.stem + "-pandas")


def peer_rank(data: Dataset, db: Path, scratch: Path, repeat: int) -> list[float]:
    work = fresh(scratch / f"peer-rank-{data.label}")
    log(f"pandas peer most_viewed {data.label}, {repeat} warm calls")
    out = work / "rank.json"
    cmd = [sys.executable, harness.bench_script("pandas_peer.py"), "rank", str(peer_keep(db))]
    cmd += [str(out), "--articles", str(data.articles), "--repeat", str(repeat)]
    check(run_child(f"pandas-rank-{data.label}", cmd, work), work)
    found = json.loads(out.read_text())["most_viewed_ms"]
    shutil.rmtree(work, ignore_errors=True)
    return found


def spill(data: Dataset, scratch: Path, limit: str, expected: int, unlimited: float) -> dict:
    """A full load with DuckDB's memory limit below the data: it must complete by spilling."""
    work = fresh(scratch / f"spill-{data.label}")
    log(f"full load {data.label} with NEWSDASH_MEMORY_LIMIT={limit}")
    run = product_run(
        f"etl-{data.label}-limit", work, data.history, data.articles, ok=None,
        NEWSDASH_MEMORY_LIMIT=limit,
    )  # fmt: skip
    db = work / DB_NAME
    loaded = events_loaded(db) if db.exists() else 0
    failures = [line.strip() for line in (work / f"{run.label}.err").read_text().splitlines()
                if "FAILED" in line or "rror" in line]  # fmt: skip
    log(f"  exit {run.exit_code}, {run.seconds:.1f} s, peak {run.peak_rss_mb:,.0f} MB, "
        f"spill {run.spill_peak_mb:,.0f} MB, {loaded:,} of {expected:,} events")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return {"size": data.label, "limit": limit, "run": run.to_dict(), "loaded": loaded,
            "expected": expected, "unlimited": unlimited, "failures": failures[:5]}  # fmt: skip


# --- the whole bench -------------------------------------------------------------------------


def reps_for(size: int, explicit: int | None) -> int:
    if explicit:
        return explicit
    return 5 if size < 5_000_000 else 3 if size < 50_000_000 else 1


def peer_reps_for(size: int, explicit: int | None) -> int:
    if explicit is not None:
        return explicit
    return 3 if size < 5_000_000 else 1 if size < 50_000_000 else 0


def describe(data: Dataset, db: Path) -> dict:
    return {
        "size": data.size,
        "folder": str(data.folder),
        "history_files": len(data.history),
        "history_mb": data.history_bytes / 1e6,
        "generate_seconds": data.summary.get("generate_seconds", 0.0),
        "generated_lines": data.summary.get("lines"),
        "events_loaded": events_loaded(db),
    }


def bench(args: argparse.Namespace, save) -> dict:
    """Every figure; `save(results)` is called as each part ends (a crash keeps the rest)."""
    root = datasets.cache_root(args.cache)
    scratch, keep = root / "work", root / "warehouses"
    keep.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": harness.machine(), "args": vars(args), "datasets": {},
                     "full_load": {}, "reads": {}, "peer_rank": {}}  # fmt: skip
    log(
        f"machine: {results['machine']['cores']} cores, load {results['machine']['load_average_at_start']}"
    )
    sizes = sorted(datasets.parse_size(s) for s in args.sizes.split(","))
    loaded = [datasets.generate(newsdash_bin(), root, size, log) for size in sizes]
    for data in loaded:
        db = keep / f"{data.label}.duckdb"
        results["full_load"][data.label] = full_load(
            data, scratch, db, reps_for(data.size, args.reps), peer_reps_for(data.size, args.peer_reps)
        )  # fmt: skip
        results["datasets"][data.label] = describe(data, db)
        repeat = 5 if data.size < 5_000_000 else 3
        results["reads"][data.label] = reads(data, db, scratch, repeat)
        save(results)
        if peer_keep(db).exists():
            results["peer_rank"][data.label] = peer_rank(data, db, scratch, repeat)
    largest = loaded[-1]
    history_db = keep / f"{largest.label}.duckdb"
    if not args.skip_increment:
        results["increment"] = increment(
            largest, history_db, scratch, reps_for(largest.size, args.reps)
        )
    if args.memory_limit:
        expected = results["datasets"][largest.label]["events_loaded"]
        unlimited = report.secs(results["full_load"][largest.label]["product"])
        results["spill"] = spill(largest, scratch, args.memory_limit, expected, unlimited)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["newsdash_at_end"] = harness.git_revision()
    if results["newsdash_at_end"] != results["machine"]["newsdash"]:
        log(f"warning: the code changed during the run: {results['newsdash_at_end']}")
    return results


def write(results: dict, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    md, js = out / f"bench-{stamp}.md", out / f"bench-{stamp}.json"
    md.write_text(report.markdown(results) + "\n", encoding="utf-8")
    js.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return md, js


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M", help="history sizes, e.g. 1M,10M or 100M")
    parser.add_argument(
        "--reps", type=int, help="runs per timed figure (default 5 / 3 / 1 by size)"
    )
    parser.add_argument("--peer-reps", type=int, help="pandas runs per size (default 3 / 1 / 0)")
    parser.add_argument("--memory-limit", default="300MB",
                        help="DuckDB limit for the spill run at the largest size ('' to skip)")  # fmt: skip
    parser.add_argument("--skip-increment", action="store_true")
    parser.add_argument(
        "--cache", help="folder for inputs and scratch (default $TMPDIR/newsdash-bench)"
    )
    parser.add_argument(
        "--out", help="folder for the .md and .json results (default CACHE/results)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    out = Path(args.out) if args.out else datasets.cache_root(args.cache) / "results"
    out.mkdir(parents=True, exist_ok=True)
    partial = out / "partial.json"

    def save(results: dict) -> None:
        partial.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")

    results = bench(args, save)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    md, js = write(results, out)
    partial.unlink(missing_ok=True)
    print(report.markdown_table(report.all_rows(results)))
    log(f"done in {results['bench_seconds'] / 60:.1f} min; results: {md} and {js}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
