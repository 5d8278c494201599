"""`newsdash import ga4` on one generated GA4 BigQuery export (NDJSON), issue 24.

    .venv/bin/python bench/import_ga4.py [--sessions 50000] [--reps 3]

The file holds sessions of 1 to 5 article pages, as GA4's web stream sends them: a
`page_view` per page (from the second page on carrying the previous page's
`engagement_time_msec`), a `scroll` on half of the pages and a `user_engagement` when the
reader leaves (about 3 rows a page, 7.5 rows a session). Times, each run in a fresh process:
`newsdash import ga4 --no-load` (read, attribute engaged time, write inbox files) and the
whole `newsdash import ga4` (the same plus the ETL load into a new warehouse), wall and CPU
seconds and peak RSS. docs/performance.md ("History import") holds a run of it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

from harness import child_env, log, median, python
from import_logs import measure

START_MICROS = 1_735_657_200_000_000  # 2025-01-01 00:00 +09:00
PAGE = "https://www.example-news.test/news/view.php?idx={}"


def param(key: str, value: int | str) -> dict:
    kind = "int_value" if isinstance(value, int) else "string_value"
    return {"key": key, "value": {kind: value}}


def row(micros: int, name: str, user: str, session: int, page: str, **extra: int | str) -> dict:
    params = [param("page_location", page), param("ga_session_id", session)]
    params += [param(k, v) for k, v in extra.items()]
    return {"event_date": "20250101", "event_timestamp": micros, "event_name": name,
            "user_pseudo_id": user, "event_params": params}  # fmt: skip


def session_rows(rng: random.Random, number: int, start: int) -> list[dict]:
    user, session = f"{rng.randint(1, 10**9)}.{rng.randint(1, 10**9)}", start // 1_000_000
    rows, now, left = [], start, 0
    for _ in range(rng.randint(1, 5)):
        page = PAGE.format(100000 + rng.randint(1, 5000))
        extra = {"engagement_time_msec": left} if left else {}
        rows.append(row(now, "page_view", user, session, page, **extra))
        engaged = rng.randint(1_000, 180_000)
        if rng.random() < 0.5:
            rows.append(row(now + engaged * 500, "scroll", user, session, page,
                            percent_scrolled=90, engagement_time_msec=engaged // 2))  # fmt: skip
            engaged -= engaged // 2
        rows.append(row(now + 190_000_000, "user_engagement", user, session, page,
                        engagement_time_msec=engaged - 1_000))  # fmt: skip
        now, left = now + 200_000_000, 1_000  # the next page_view carries the last second
    return rows


def generate(path: Path, sessions: int, seed: int = 7) -> int:
    """Sessions spread over one day; returns the number of rows written."""
    rng, written = random.Random(seed), 0
    with path.open("w") as fh:
        for number in range(sessions):
            start = START_MICROS + number * 86_400_000_000 // sessions
            for r in session_rows(rng, number, start):
                fh.write(json.dumps(r) + "\n")
                written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "newsdash-bench" / "import-ga4"
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"events_{args.sessions}.json"
    if not source.exists():
        log(f"generating {args.sessions:,} sessions into {source}")
        generate(source, args.sessions)
    rows = sum(1 for _ in source.open())
    newsdash = [python(), "-m", "newsdash"]
    env = child_env(NEWSDASH_NOW="2026-01-01T00:00:00Z")
    runs: dict[str, list[str]] = {
        "newsdash import ga4 --no-load": [*newsdash, "import", "ga4", str(source), "--no-load"],
        "newsdash import ga4 (read + ETL load)": [*newsdash, "import", "ga4", str(source)],
    }
    results: dict[str, list] = {name: [] for name in runs}
    for rep in range(args.reps):
        for name, cmd in runs.items():
            run_dir = work / f"run{rep}"
            shutil.rmtree(run_dir, ignore_errors=True)
            run = measure(name, [*cmd, "--db", str(run_dir / "nd.duckdb")], run_dir, env)
            log(
                f"{name}: {run['seconds']:.1f} s, cpu {run['cpu']:.1f} s, peak {run['peak_mb']:.0f} MB"
            )
            results[name].append(run)
    size_mb = source.stat().st_size / 1e6
    print(
        f"\n{rows:,} GA4 rows ({args.sessions:,} sessions, {size_mb:.0f} MB), {args.reps} runs each, median\n"
    )
    print("| run | wall s | CPU s | rows/s (wall) | peak RSS |")
    print("|---|---|---|---|---|")
    for name, found in results.items():
        secs, cpu = median([r["seconds"] for r in found]), median([r["cpu"] for r in found])
        peak = max(r["peak_mb"] for r in found)
        print(f"| {name} | {secs:.1f} | {cpu:.1f} | {rows / secs:,.0f} | {peak:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
