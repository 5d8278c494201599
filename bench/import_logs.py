"""`newsdash import access-log` against its peers on one generated combined log (issue 24).

    .venv/bin/python bench/import_logs.py [--lines 1000000] [--reps 3]

Times, each run in a fresh process (peak RSS from the kernel's rusage of the child):
- Debian's `goaccess` (C) parsing the log into a JSON report (installed with apt-get when
  missing and allowed; skipped, and said so, when it cannot be);
- a plain Python line parser, Matomo's import_logs.py approach: a regex and strptime per line,
  views counted per article in a dict;
- `newsdash import access-log --no-load` (parse, hash, write inbox files) and the whole
  `newsdash import access-log` (the same plus the ETL load into a new warehouse).
Prints one Markdown table; docs/performance.md ("History import") holds a run of it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import child_env, log, median, python

AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)",
]
STATIC = ["/css/site.css", "/js/app.js", "/img/logo.png", "/favicon.ico"]
REFERRERS = [
    "-",
    "https://www.google.com/",
    "https://m.search.naver.com/",
    "https://www.example-news.test/",
]

PLAIN_PARSER = r"""
import re, sys
from datetime import datetime
LINE = re.compile(r'(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) [^"]*" (\d{3}) \S+ "([^"]*)" "([^"]*)"')
ARTICLE = re.compile(r"/article/(\d+)")
views = {}
with open(sys.argv[1], encoding="utf-8", errors="replace") as fh:
    for line in fh:
        m = LINE.match(line)
        if not m:
            continue
        when = datetime.strptime(m[2], "%d/%b/%Y:%H:%M:%S %z")
        if m[3] != "GET" or not (m[5].startswith("2") or m[5] == "304"):
            continue
        a = ARTICLE.search(m[4])
        if a:
            views[a[1]] = views.get(a[1], 0) + 1
print(sum(views.values()))
"""


def generate(path: Path, lines: int, seed: int = 7) -> None:
    """A year of a small site: 70% article views, 20% static files, 5% 404s, 5% POSTs."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    step = timedelta(days=365) / lines
    with path.open("w") as fh:
        for i in range(lines):
            when = (start + step * i).strftime("%d/%b/%Y:%H:%M:%S +0000")
            roll = rng.random()
            method, status = ("POST", 200) if roll > 0.95 else ("GET", 404 if roll > 0.9 else 200)
            target = rng.choice(STATIC) if 0.7 < roll <= 0.9 else f"/article/{rng.randint(1, 5000)}"
            ip = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            fh.write(f'{ip} - - [{when}] "{method} {target} HTTP/1.1" {status} {rng.randint(200, 90000)} '
                     f'"{rng.choice(REFERRERS)}" "{rng.choice(AGENTS)}"\n')  # fmt: skip


def measure(name: str, cmd: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Wall seconds, CPU seconds (user + system, the process and the workers it waited for:
    the figure that holds when other work shares the machine) and peak RSS (the largest one
    process reached, kernel rusage) of one fresh child."""
    cwd.mkdir(parents=True, exist_ok=True)
    load1 = os.getloadavg()[0]
    with (cwd / "out").open("wb") as out, (cwd / "err").open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{name} failed: {(cwd / 'err').read_text()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024, "load1": load1}


def goaccess() -> str | None:
    found = shutil.which("goaccess")
    if found is None and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "goaccess"], capture_output=True)
        found = shutil.which("goaccess")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "newsdash-bench" / "import"
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"combined_{args.lines}.log"
    if not source.exists():
        log(f"generating {args.lines:,} lines into {source}")
        generate(source, args.lines)
    (work / "plain_parser.py").write_text(PLAIN_PARSER)
    newsdash = [python(), "-m", "newsdash"]
    env = child_env(NEWSDASH_NOW="2026-01-01T00:00:00Z")
    peers: dict[str, list[str] | None] = {
        "goaccess (C)": None,
        "plain Python line parser": [python(), str(work / "plain_parser.py"), str(source)],
        "newsdash import --no-load": [*newsdash, "import", "access-log", str(source), "--no-load"],
        "newsdash import (parse + ETL load)": [*newsdash, "import", "access-log", str(source)],
    }
    if (binary := goaccess()) is not None:
        peers["goaccess (C)"] = [binary, str(source), "--log-format=COMBINED", "--no-global-config",
                                 "-o", str(work / "goaccess.json")]  # fmt: skip
    results: dict[str, list] = {name: [] for name in peers}
    for rep in range(args.reps):
        for name, cmd in peers.items():
            if cmd is None:
                continue
            run_dir = work / f"run{rep}"
            shutil.rmtree(run_dir, ignore_errors=True)
            db = ["--db", str(run_dir / "nd.duckdb")] if cmd[:3] == newsdash else []
            run = measure(name, cmd + db, run_dir, env)
            log(
                f"{name}: {run['seconds']:.1f} s, cpu {run['cpu']:.1f} s, peak {run['peak_mb']:.0f} MB"
            )
            results[name].append(run)
    base = {k: median([r[k] for r in results["goaccess (C)"]]) for k in ("seconds", "cpu")}
    size_mb = source.stat().st_size / 1e6
    print(f"\n{args.lines:,} combined lines ({size_mb:.0f} MB), {args.reps} runs each, median\n")
    print(
        "| tool | wall s | CPU s | peak RSS (one process) | wall vs goaccess | CPU vs goaccess | load1 |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        if not runs:
            print(f"| {name} | skipped: not installed | | | | | |")
            continue
        secs, cpu = median([r["seconds"] for r in runs]), median([r["cpu"] for r in runs])
        peak = max(r["peak_mb"] for r in runs)
        loads = "–".join(f"{r['load1']:.1f}" for r in runs)
        wall_ratio = f"{secs / base['seconds']:.2f}×" if base["seconds"] else ""
        cpu_ratio = f"{cpu / base['cpu']:.2f}×" if base["cpu"] else ""
        print(
            f"| {name} | {secs:.1f} | {cpu:.1f} | {peak:.0f} MB | {wall_ratio} | {cpu_ratio} | {loads} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
