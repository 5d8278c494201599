"""locust users for `bench/collect_load.py`: readers' browsers sending beacons to `newsdash
collect`. Each request is one beacon of ND_BATCH events (the tracker batches the events of one
moment) as text/plain, from one of many readers (user agents), paced so that the whole run
offers ND_RPS requests a second. Run through bench/collect_load.py, which starts the collector.
"""

from __future__ import annotations

import json
import os
import random
import secrets

from locust import FastHttpUser, constant_throughput, task

BATCH = int(os.environ.get("ND_BATCH", "5"))
USER_RPS = float(os.environ.get("ND_USER_RPS", "20"))
SITE = "https://www.example.com"
REFERRERS = ["https://m.search.naver.com/search.naver?query=apec", "https://www.google.com/",
             "https://m.facebook.com/", "", "https://news.naver.com/main/read.naver?oid=1"]  # fmt: skip
# ND_MIX=attention: three engage events per view (issue 22's bench), else views and actions only.
MIX = os.environ.get("ND_MIX", "views")
KINDS = (
    ["view"] * 6 + ["like", "comment", "share"] + (["engage"] * 18 if MIX == "attention" else [])
)
CHANNELS = ["facebook", "x", "kakaotalk", "line", "band", "naver", "copy_url"]
AGENTS = [
    f"Mozilla/5.0 (Linux; Android 14; SM-S9{n % 100:02d}N) AppleWebKit/537.36 (KHTML, like "
    f"Gecko) Chrome/131.0.{n}.0 Mobile Safari/537.36"
    for n in range(20_000)
]  # many readers: the per-reader rate limit is not what is measured


def beacon(article: str) -> bytes:
    """One page's events of one moment, shaped as t.js sends them."""
    page_view = secrets.token_hex(12)
    events = []
    for _ in range(BATCH):
        kind = random.choice(KINDS)
        event = {"event_type": kind, "article_id": article, "event_id": secrets.token_hex(12),
                 "page_view_id": page_view, "url": f"{SITE}/news/articleView.html?idxno={article}"}  # fmt: skip
        if kind == "view" and (referrer := random.choice(REFERRERS)):
            event["referrer"] = referrer
        if kind == "share":
            event["channel"] = random.choice(CHANNELS)
        if kind == "engage":
            event.update(engaged_ms=random.randrange(0, 600_000), scroll_pct=random.randrange(101),
                         read_to_end=random.random() < 0.3)  # fmt: skip
        events.append(event)
    return json.dumps(events).encode()


# Made before the run, so that locust's own CPU (it shares this machine) goes to sending: 4,000
# distinct beacons, each sent many times (the collector does not deduplicate; the ETL would).
BEACONS = [beacon(f"GET-20251030{n % 735 + 1:05d}") for n in range(4000)]


class Reader(FastHttpUser):
    wait_time = constant_throughput(USER_RPS)

    @task
    def send_beacon(self) -> None:
        headers = {"Content-Type": "text/plain;charset=UTF-8", "Origin": SITE,
                   "User-Agent": random.choice(AGENTS)}  # fmt: skip
        with self.client.post("/e", data=random.choice(BEACONS), headers=headers, name="POST /e",
                              catch_response=True) as reply:  # fmt: skip
            if reply.status_code != 202:
                reply.failure(f"{reply.status_code}: {reply.text[:200]}")
