"""Load on `newsdash collect`: locust (headless) offers a fixed rate of beacons for a while; we
report the sustained events/s, latency percentiles, errors, and where the CPU went.

    .venv/bin/pip install -e '.[bench]'      # locust
    .venv/bin/python bench/collect_load.py --events-per-second 5000 --batch 5 --seconds 60
    .venv/bin/python bench/collect_load.py --mix attention ...   # three engage events per view

Both run on this machine: locust's CPU counts against the collector's (the report says how much
each used). The collector runs as `newsdash collect` from a temporary config (rate limit out of
the way, 10 s rotation), its inbox in a temporary folder; at the end every event locust saw
acknowledged is counted in the inbox files. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "locustfile_collect.py"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS


def schedstat(pid: int) -> tuple[float, float]:
    """Seconds the process's threads ran on a CPU, and waited runnable for one (the kernel's
    schedstat): a large wait says the machine's other work, not the collector, set the pace."""
    ran = waited = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            on_cpu, on_queue, _ = (task / "schedstat").read_text().split()
            ran, waited = ran + int(on_cpu) / 1e9, waited + int(on_queue) / 1e9
    return ran, waited


def fsync_ms(folder: Path, rounds: int = 50) -> tuple[float, float]:
    """Median and 99th percentile of appending a 1.5 KB line and fsyncing it, in this folder:
    the floor under every 202 (each waits for at least its group's fsync)."""
    times = []
    fd = os.open(folder / "fsync-probe", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for _ in range(rounds):
            os.write(fd, b"x" * 1500 + b"\n")
            started = time.perf_counter()
            os.fsync(fd)
            times.append(1000 * (time.perf_counter() - started))
    finally:
        os.close(fd)
        os.unlink(folder / "fsync-probe")
    times.sort()
    return round(times[len(times) // 2], 2), round(times[int(len(times) * 0.99)], 2)


def start_collector(folder: Path, port: int) -> subprocess.Popen:
    config = folder / "newsdash.toml"
    config.write_text(
        '[warehouse]\ndb = "warehouse/nd.duckdb"\n[etl]\ninbox = "inbox"\n[collect]\n'
        f'port = {port}\nallowed_origins = ["https://www.example.com"]\n'
        "rate_limit_per_second = 1000\nrate_limit_burst = 1000\n"
    )
    log = (folder / "collect.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "newsdash", "--config", str(config), "collect"],
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"the collector did not start:\n{(folder / 'collect.log').read_text()}")


def run_locust(port: int, args: argparse.Namespace, prefix: Path) -> tuple[subprocess.Popen, float]:
    rps = args.events_per_second / args.batch
    env = {**os.environ, "ND_BATCH": str(args.batch), "ND_USER_RPS": str(rps / args.users),
           "ND_MIX": args.mix}  # fmt: skip
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
               "--host", f"http://127.0.0.1:{port}", "-u", str(args.users),
               "-r", str(args.users), "-t", f"{args.seconds}s", "--json-file", str(prefix),
               "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"]  # fmt: skip
    return subprocess.Popen(command, env=env), rps


def final_stats(prefix: Path) -> dict:
    """locust's final numbers for POST /e (its JSON: counts and a response-time histogram)."""
    [stats] = [s for s in json.loads(Path(f"{prefix}.json").read_text()) if s["name"] == "POST /e"]
    return stats


def percentile(histogram: dict[str, int], share: float) -> float:
    """The response time (ms, locust's rounding) under which `share` of the requests fall."""
    times = sorted((float(ms), n) for ms, n in histogram.items())
    wanted, seen = share * sum(n for _, n in times), 0
    for ms, n in times:
        seen += n
        if seen >= wanted:
            return ms
    return times[-1][0]


def inbox_events(inbox: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in inbox.glob("collect_*.jsonl"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events-per-second", type=float, default=5000, help="offered load")
    parser.add_argument("--batch", type=int, default=5, help="events per beacon")
    parser.add_argument("--users", type=int, default=100, help="locust users sharing the rate")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--mix",
        choices=["views", "attention"],
        default="views",
        help="attention: three engage events per view (issue 22)",
    )
    parser.add_argument("--out", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdash-collect-load-") as tmp:
        folder = Path(tmp)
        port = free_port()
        fsync = fsync_ms(folder)
        collector = start_collector(folder, port)
        collector_cpu = cpu_seconds(collector.pid)
        sched = schedstat(collector.pid)
        started = time.monotonic()
        locust, rps = run_locust(port, args, folder / "locust")
        locust.wait()
        wall = time.monotonic() - started
        reaped = os.times()  # locust is the only child waited for so far
        locust_cpu = reaped.children_user + reaped.children_system
        collector_cpu = cpu_seconds(collector.pid) - collector_cpu
        ran, waited = (b - a for a, b in zip(sched, schedstat(collector.pid), strict=True))
        collector.send_signal(signal.SIGTERM)
        collector.wait(timeout=60)
        stats = final_stats(folder / "locust")
        written = inbox_events(folder / "inbox")

    requests, failures = stats["num_requests"], stats["num_failures"]
    per_second = requests / (stats["last_request_timestamp"] - stats["start_time"])
    latency = stats["response_times"]
    figures = {
        "offered_events_per_second": args.events_per_second,
        "batch": args.batch,
        "mix": args.mix,
        "users": args.users,
        "seconds": args.seconds,
        "requests": requests,
        "failures": failures,
        "requests_per_second": round(per_second, 1),
        "events_per_second": round(per_second * args.batch, 1),
        "p50_ms": percentile(latency, 0.50),
        "p95_ms": percentile(latency, 0.95),
        "p99_ms": percentile(latency, 0.99),
        "max_ms": round(stats["max_response_time"], 1),
        "events_acknowledged": (requests - failures) * args.batch,
        "events_in_inbox": written,
        "collector_cpu_percent_of_one_core": round(100 * collector_cpu / wall, 1),
        "collector_cpu_ms_per_request": round(1000 * collector_cpu / max(requests, 1), 3),
        "locust_cpu_ms_per_request": round(1000 * locust_cpu / max(requests, 1), 3),
        "locust_cpu_percent_of_one_core": round(100 * locust_cpu / wall, 1),
        "collector_runnable_but_waiting_percent": round(100 * waited / max(ran + waited, 1e-9), 1),
        "fsync_ms_p50_p99_before": fsync,
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    ok = failures == 0 and written >= figures["events_acknowledged"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
