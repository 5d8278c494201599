"""Micro-batch cost (issue 14): one 10k-event file loaded by `newsdash etl` into warehouses of
0, 1M and 10M events of history. Not part of the test suite.

    .venv/bin/python bench/micro_batch.py --sizes 0,1M [--reps 5]

Each history is generated once (`newsdash generate`, 14 site days ending 2025-10-31, seed 1)
and loaded once (the database file and its `lake/`, not timed), or taken from a warehouse given
with `--history-db 10M=PATH` (copied into the cache once). Then two warm-up runs of 1,000 events
each (`newsdash etl --live`, not timed) put it in the state of the every-minute job: a published
file whose journal applies to its standby (etl/journal.py). Before each timed run the warehouse
folder is copied to a fresh folder (not timed). A timed run is the whole process,
`newsdash etl --live --events batch.jsonl.gz --db …`, as the every-minute job runs it. The
batch is 10k events of the last history day (seed 99), and the clock (`NEWSDASH_NOW`) is the
next morning, so the batch's days are in the dedupe window. Runs into history and into an empty
warehouse alternate. Prints one Markdown table (wall seconds, and the CPU seconds of the process:
on a shared machine the CPU figure moves less with the load).

`--phases` runs each timed process through `bench/etl_phases.py` (the same command, with a timer
around each phase) and adds a second table: the median wall and CPU seconds of each phase.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import child_env, folder_size, log, median, run_child  # noqa: E402

NOW = "2025-10-31T01:00:00+09:00"
BATCH_EVENTS = 10_000
SIZES = {"0": 0, "1M": 1_000_000, "10M": 10_000_000}


def newsdash(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "newsdash"), *args]


def env() -> dict[str, str]:
    return child_env(NEWSDASH_NOW=NOW)


def generated(folder: Path, events: int, days: int, seed: int) -> Path:
    if not (folder / "articles.csv").exists():
        log(f"generating {events:,} events into {folder}")
        cmd = newsdash("generate", "--events", str(events), "--days", str(days), "--out",
                       str(folder), "--seed", str(seed))  # fmt: skip
        subprocess.run(cmd, check=True, env=env(), capture_output=True)
    return folder


def history(cache: Path, label: str, size: int, given: Path | None = None) -> Path:
    """The warehouse folder of `size` events of history (made once, cached), warmed up."""
    base = cache / f"warehouse-{label}"
    db = base / "nd.duckdb"
    if not db.exists() and given is not None:
        log(f"copying the {label} history from {given} (not timed)")
        base.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(given, db)
        shutil.copytree(given.with_name(given.name + ".lake"), db.with_name(db.name + ".lake"))
    if not db.exists() and size > 0:
        load_history(cache, label, size, db)
    base.mkdir(parents=True, exist_ok=True)
    warm_up(cache, db)
    return base


def warm_up(cache: Path, db: Path) -> None:
    """Two small live runs, so that the published file's journal applies to the standby."""
    marker = db.with_name("warmed-up")
    if marker.exists():
        return
    for seed in (97, 98):
        folder = generated(cache / f"warm-up-{seed}", 1000, 1, seed)
        events = [str(p) for p in sorted(folder.glob("events_*"))]
        cmd = newsdash("etl", "--live", "--events", *events, "--db", str(db))
        subprocess.run(cmd, check=True, env=env(), capture_output=True)
    marker.touch()


def load_history(cache: Path, label: str, size: int, db: Path) -> None:
    inputs = generated(cache / f"history-{label}", size, 14, 1)
    files = sorted(str(p) for p in inputs.glob("events_*"))
    log(f"loading the {label} history (not timed)")
    cmd = newsdash("etl", "--no-export", "--articles", str(inputs / "articles.csv"),
                   "--events", *files, "--db", str(db))  # fmt: skip
    subprocess.run(cmd, check=True, env=env(), capture_output=True)


def batch_file(cache: Path) -> Path:
    folder = generated(cache / "batch", BATCH_EVENTS, 1, 99)
    return sorted(folder.glob("events_*"))[0]


def timed_run(base: Path, batch: Path, scratch: Path, label: str, phases: bool = False) -> dict:
    work = scratch / label
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, work)
    args = ["etl", "--live", "--events", str(batch), "--db", str(work / "nd.duckdb")]
    cmd = newsdash(*args)
    if phases:
        cmd = [sys.executable, str(Path(__file__).with_name("etl_phases.py")), "--", *args]
    run = run_child(label, cmd, work, env())
    if run.exit_code != 0:
        raise RuntimeError((work / f"{label}.err").read_text()[-2000:])
    status = subprocess.run(
        newsdash("status", "--db", str(work / "nd.duckdb"), "--format", "json"),
        capture_output=True, text=True, env=env(), check=True,
    )  # fmt: skip
    profile = {}
    if phases:
        profile = json.loads((work / f"{label}.err").read_text().strip().splitlines()[-1])
    shutil.rmtree(work, ignore_errors=True)
    return {"seconds": run.seconds, "load": run.load1, "rss_mb": run.peak_rss_mb,
            "cpu": run.cpu_seconds, "profile": profile,
            "loaded": json.loads(status.stdout)["last_run"]["loaded"]}  # fmt: skip


def print_phases(found: dict[str, list[dict]], shown: int = 30) -> None:
    """Median wall / CPU seconds of each phase, for each history size (largest first)."""
    labels = list(found)
    names: dict[str, float] = {}
    for runs in found.values():
        for run in runs:
            for name, value in run["profile"].items():
                if name != "cpu":
                    names[name] = max(names.get(name, 0.0), value)
    print()
    print("| phase | " + " | ".join(f"{lb}: wall s | {lb}: CPU s" for lb in labels) + " |")
    print("|---|" + "---|---|" * len(labels))
    for name in sorted(names, key=lambda n: -names[n])[:shown]:
        cells = []
        for lb in labels:
            runs = found[lb]
            wall = median([r["profile"].get(name, 0.0) for r in runs])
            cpu = median([r["profile"].get("cpu", {}).get(name, 0.0) for r in runs])
            cells.append(f"{wall:.3f} | {cpu:.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1M")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nd-micro")
    parser.add_argument("--phases", action="store_true", help="time each phase (etl_phases.py)")
    parser.add_argument(
        "--history-db", action="append", default=[], metavar="LABEL=PATH",
        help="use this warehouse (database file; its .lake beside it) as the LABEL history",
    )  # fmt: skip
    args = parser.parse_args(argv)
    cache, scratch = args.cache, args.cache / "runs"
    batch = batch_file(cache)
    sizes = [(label, SIZES[label]) for label in args.sizes.split(",")]
    given = {k: Path(v) for k, v in (item.split("=", 1) for item in args.history_db)}
    bases = {label: history(cache, label, size, given.get(label)) for label, size in sizes}
    found: dict[str, list[dict]] = {label: [] for label, _ in sizes}
    for i in range(args.reps):
        order = sizes if i % 2 == 0 else list(reversed(sizes))
        for label, _ in order:
            found[label].append(
                timed_run(bases[label], batch, scratch, f"into-{label}-{i}", args.phases)
            )
            log(f"{label} #{i + 1}: {found[label][-1]['seconds']:.2f} s")
    print("| history | database file MB | lake MB | runs | median s | min s | max s | "
          "median CPU s | loaded | load avg at start |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, _ in sizes:
        runs = found[label]
        seconds = [r["seconds"] for r in runs]
        db = bases[label] / "nd.duckdb"
        db_mb = db.stat().st_size / 1e6 if db.exists() else 0.0
        lake = db.with_name(db.name + ".lake")
        lake_mb = folder_size(lake) / 1e6 if lake.exists() else 0.0
        loads = [r["load"] for r in runs]
        print(f"| {label} | {db_mb:.1f} | {lake_mb:.1f} | {len(runs)} | {median(seconds):.2f} | "
              f"{min(seconds):.2f} | {max(seconds):.2f} | {median([r['cpu'] for r in runs]):.2f} | "
              f"{runs[0]['loaded']:,} | {min(loads):.1f}–{max(loads):.1f} |")  # fmt: skip
    if args.phases:
        print_phases(found)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
