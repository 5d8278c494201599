"""Privacy like Plausible's: the session id is a hash of a daily salt with site, IP and user
agent; the same reader keeps it for one site day and gets an unlinkable one the next; the old
salt is deleted; no IP address is written anywhere."""

from __future__ import annotations

import stat

import pytest

from newsdash.etl.collect.ratelimit import TokenBuckets
from newsdash.etl.collect.session import client_ip
from tests.support.collect import Collector, records

# 23:59:30 and 00:00:30 in Seoul (UTC+9): the site day turns between them, the UTC day does not.
LATE = "2026-11-18T14:59:30Z"
NEXT_DAY = "2026-11-18T15:00:30Z"
IPS = ("203.0.113.7", "198.51.100.23")  # documentation addresses, easy to search for
UA_A, UA_B = "Mozilla/5.0 (reader A)", "Mozilla/5.0 (reader B)"
VIEW = {"event_type": "view", "article_id": "A1"}


def sessions_by_id(collector: Collector) -> dict[str, str]:
    return {r["event_id"]: r["session_id"] for r in records(collector.inbox)}


def send(collector: Collector, event_id: str, ip: str, agent: str) -> None:
    reply = collector.post({**VIEW, "event_id": event_id},
                           {"X-Forwarded-For": f"192.0.2.99, {ip}", "User-Agent": agent})  # fmt: skip
    assert reply.status == 202, reply.body


@pytest.mark.clock
def test_a_reader_keeps_one_session_id_for_a_site_day_and_gets_another_after_midnight(tmp_path):
    collector = Collector(tmp_path, trust_forwarded_for=True, site="get")
    collector.start(now=LATE)
    send(collector, "late-1", IPS[0], UA_A)
    send(collector, "late-2", IPS[0], UA_A)  # the same reader again
    send(collector, "late-other-ip", IPS[1], UA_A)
    send(collector, "late-other-ua", IPS[0], UA_B)
    collector.stop()
    collector.start(now=NEXT_DAY)  # the clock has passed midnight in Seoul
    send(collector, "next-1", IPS[0], UA_A)
    send(collector, "next-2", IPS[0], UA_A)
    collector.stop()

    session = sessions_by_id(collector)
    assert session["late-1"] == session["late-2"]
    assert session["late-other-ip"] != session["late-1"]
    assert session["late-other-ua"] != session["late-1"]
    assert session["next-1"] == session["next-2"]
    assert session["next-1"] != session["late-1"]  # the same reader, the next day: unlinkable
    salts = sorted(collector.state_dir.glob("salt/*.salt"))
    assert [p.name for p in salts] == ["2026-11-19.salt"]  # the previous day's salt is gone
    assert stat.S_IMODE(salts[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(salts[0].parent.stat().st_mode) == 0o700


def test_no_ip_address_is_written_anywhere(tmp_path):
    collector = Collector(tmp_path, trust_forwarded_for=True, rotate_seconds=0.2)
    collector.start()
    for number, ip in enumerate(IPS):
        send(collector, f"e{number}", ip, UA_A)
    refused = collector.post({"event_type": "bogus", "article_id": "A1"},
                             {"X-Forwarded-For": IPS[0]})  # fmt: skip
    assert refused.status == 400
    collector.stop()
    written = [p for folder in (collector.inbox, collector.state_dir) for p in folder.rglob("*")
               if p.is_file()]  # fmt: skip
    assert len(records(collector.inbox)) == 2 and len(written) >= 3  # events, state, salt
    for path in [*written, collector.log]:
        data = path.read_bytes()
        for ip in (*IPS, "127.0.0.1", "192.0.2.99"):
            if path == collector.log and ip == "127.0.0.1":
                continue  # the log names the address the collector listens on, no client's
            assert ip.encode() not in data, f"{ip} in {path}"


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(tmp_path):
    collector = Collector(tmp_path).start()  # trust_forwarded_for = false (the default)
    send(collector, "a", IPS[0], UA_A)
    send(collector, "b", IPS[1], UA_A)  # a client claiming another IP is still the socket's
    collector.stop()
    session = sessions_by_id(collector)
    assert session["a"] == session["b"]


def test_the_client_ip_is_the_socket_or_the_last_forwarded_address():
    assert client_ip("127.0.0.1", "1.1.1.1, 203.0.113.7", trust_forwarded=True) == "203.0.113.7"
    assert client_ip("127.0.0.1", "1.1.1.1, 203.0.113.7", trust_forwarded=False) == "127.0.0.1"
    assert client_ip("127.0.0.1", None, trust_forwarded=True) == "127.0.0.1"


def test_token_buckets_refill_at_their_rate_up_to_the_burst():
    buckets = TokenBuckets(rate=2, burst=10)
    assert buckets.take("r", 10, at=0.0) == 0.0  # a full bucket
    assert buckets.take("r", 1, at=0.0) == 0.5  # empty: one token in half a second
    assert buckets.take("r", 1, at=0.5) == 0.0
    assert buckets.take("r", 4, at=1.5) == 1.0  # 2 tokens there, 4 wanted: 1 s more
    assert buckets.take("r", 10, at=100.0) == 0.0  # refilled to the burst, not beyond
    assert buckets.take("r", 1, at=100.0) == 0.5
    assert buckets.take("other", 10, at=100.0) == 0.0  # every reader has its own bucket
