"""End-to-end freshness: how long after the collector acknowledges a beacon the dashboard's data
shows it, with the ETL running every minute as the timer runs it.

    .venv/bin/python bench/freshness.py                      # 120 beacons over 6 minutes
    .venv/bin/python bench/freshness.py --rotate-seconds 2   # the collector's files cut sooner

A temporary warehouse (the bundled sample data loaded first, so each run copies and publishes a
warehouse of realistic size; --empty skips it), the real collector (`newsdash collect`, 10 s
rotation by default as in production), and the ETL loop of `newsdash demo`
(`newsdash etl --live` every --every seconds, 60 like newsdash-live.timer). Beacons (one view of
an article of its own each) go out at random moments; a poller reads the published warehouse
every 0.25 s with the Live page's query (`sql/live/top_articles.sql`, the window of the last 30
minutes as the page computes it, every row instead of the page's 10) and notes when each
article first shows. Prints p50/p95/max seconds from the 202 to "shown". Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash.etl.every_minute import EtlLoop, live_command
from newsdash.newsroom import Newsroom
from newsdash.settings import sample_data
from newsdash.sql import dimensions, store

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ORIGIN = "https://www.example.com"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(folder: Path, port: int, rotate: float) -> Path:
    config = folder / "newsdash.toml"
    config.write_text(
        '[warehouse]\ndb = "warehouse/nd.duckdb"\n[etl]\ninbox = "inbox"\n'
        "[export]\nafter_etl = false\n[collect]\n"
        f'port = {port}\nallowed_origins = ["{ORIGIN}"]\nrotate_seconds = {rotate}\n'
        "rate_limit_per_second = 1000\nrate_limit_burst = 1000\n"
    )
    (folder / "inbox").mkdir()
    return config


def newsdash(config: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsdash", "--config", str(config), *args],
                            **kwargs)  # fmt: skip


def wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"the collector did not start:\n{log.read_text()}")


def send(base: str, article: str) -> float:
    """One view beacon; the monotonic time its 202 arrived."""
    body = json.dumps({"event_type": "view", "article_id": article}).encode()
    request = urllib.request.Request(f"{base}/e", body, method="POST", headers={
        "Content-Type": "text/plain;charset=UTF-8", "User-Agent": UA, "Origin": ORIGIN})  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert reply.status == 202, reply.status
    return time.monotonic()


def live_window(now: datetime) -> dict[str, datetime]:
    """The Live page's last 30 minutes (dashboard/live_data.py: up to the end of now's minute)."""
    end = now.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return {"start": end - timedelta(minutes=30), "end": end}


def shown_articles(db: store.Database) -> set[str]:
    if not db.exists():
        return set()
    with db.reading() as con:
        dimensions.prepare_editions(con, Newsroom())  # every edition: the query reads it
        frame = store.frame(con, "live/top_articles", **live_window(datetime.now(UTC)),
                            limit=100_000, edition=None)  # fmt: skip
    return set(frame["article_id"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beacons", type=int, default=120)
    parser.add_argument("--minutes", type=float, default=6, help="spread the beacons over this")
    parser.add_argument("--every", type=float, default=60, help="seconds between ETL runs")
    parser.add_argument("--rotate-seconds", type=float, default=10)
    parser.add_argument("--empty", action="store_true", help="no sample data in the warehouse")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.environ.pop("NEWSDASH_NOW", None)  # real time: the collector stamps, the page reads it

    with tempfile.TemporaryDirectory(prefix="newsdash-freshness-") as tmp:
        folder = Path(tmp)
        port = free_port()
        config = write_config(folder, port, args.rotate_seconds)
        db = store.Database(folder / "warehouse" / "nd.duckdb", ZoneInfo("Asia/Seoul"))
        if not args.empty:
            loaded = newsdash(config, "etl", "--inbox", str(sample_data()),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait()  # fmt: skip
            assert loaded == 0, "the sample data did not load"
        size_mb = db.path.stat().st_size / 1e6 if db.exists() else 0.0
        log = folder / "collect.log"
        collector = newsdash(config, "collect", stdout=log.open("w"), stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        wait_healthy(f"{base}/healthz", collector, log)

        run_seconds: list[float] = []
        codes: list[int] = []

        def timed(done: subprocess.CompletedProcess) -> None:
            codes.append(done.returncode)

        loop = EtlLoop(live_command(config, folder / "inbox"), args.every, timed)
        original = loop.run_once

        def run_once() -> None:
            started = time.monotonic()
            original()
            run_seconds.append(time.monotonic() - started)

        loop.run_once = run_once  # type: ignore[method-assign]
        loop.start()

        acked: dict[str, float] = {}
        seen: dict[str, float] = {}
        sending = threading.Event()
        sending.set()

        def poll() -> None:
            while sending.is_set() or len(seen) < len(acked):
                for article in shown_articles(db) - seen.keys():
                    seen[article] = time.monotonic()
                time.sleep(0.25)
                if not sending.is_set() and time.monotonic() > give_up[0]:
                    return

        give_up = [float("inf")]
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        gap = 60 * args.minutes / args.beacons
        try:
            for i in range(args.beacons):
                time.sleep(rng.uniform(0, 2 * gap))
                article = f"FRESH-{i:04d}"
                acked[article] = send(base, article)
            give_up[0] = time.monotonic() + 3 * args.every + 2 * args.rotate_seconds
            sending.clear()
            poller.join()
        finally:
            loop.stop()
            collector.send_signal(signal.SIGTERM)
            collector.wait(timeout=30)

    latency = [seen[a] - acked[a] for a in acked if a in seen]
    figures = {
        "beacons": args.beacons,
        "shown": len(latency),
        "p50_s": round(percentile(latency, 0.50), 1) if latency else None,
        "p95_s": round(percentile(latency, 0.95), 1) if latency else None,
        "max_s": round(max(latency), 1) if latency else None,
        "etl_every_s": args.every,
        "rotate_seconds": args.rotate_seconds,
        "etl_runs": len(run_seconds),
        "etl_run_s_median": round(statistics.median(run_seconds), 2) if run_seconds else None,
        "etl_run_s_max": round(max(run_seconds), 2) if run_seconds else None,
        "etl_exit_codes": sorted(set(codes)),
        "warehouse_mb": round(size_mb, 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures, indent=2))
    return 0 if len(latency) == args.beacons else 1


if __name__ == "__main__":
    sys.exit(main())
