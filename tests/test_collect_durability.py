"""Nothing that got a 202 is lost, nothing refused is written, and the ETL reads what the
collector writes: `.part` files are invisible to it, a crash's torn line is cut at the next
start, and under kill -9 in the middle of concurrent traffic every acknowledged event is loaded
exactly once by the real `newsdash etl`, with 0 rejects."""

from __future__ import annotations

import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from newsdash.etl.collect.app import event_lines
from newsdash.etl.collect.spool import recover
from newsdash.etl.collect.validate import Refusal, client_records
from newsdash.etl.inbox import discover
from tests.support import lake
from tests.support.collect import (
    Collector,
    finished_files,
    part_files,
    records,
    run_newsdash,
    wait_for,
)
from tests.support.ops import small_disk

VIEW = {"event_type": "view", "article_id": "A1"}


def test_the_etl_never_reads_an_open_part_file(tmp_path):
    (tmp_path / "collect_20261118T053000_000001.jsonl").write_text('{"a": 1}\n')
    (tmp_path / "collect_20261118T053010_000001.jsonl.part").write_text('{"a": 2}\n{"a"')
    assert [f.path.name for f in discover(tmp_path)] == ["collect_20261118T053000_000001.jsonl"]


def test_a_torn_line_left_by_a_crash_is_cut_and_the_file_finished_at_the_next_start(tmp_path):
    collector = Collector(tmp_path, rotate_seconds=3600).start()
    for event_id in ("kept-1", "kept-2"):
        assert collector.post({**VIEW, "event_id": event_id}).status == 202
    collector.kill()
    [part] = part_files(collector.inbox)
    # A whole-line write cannot be torn by a kill; a power cut or a full disk can tear one:
    with part.open("ab") as fh:
        fh.write(b'{"event_id":"torn","event_time":"2026-11-')
    collector.start()
    assert collector.health()["recovered_files"] == 1
    assert part_files(collector.inbox) == [] and len(finished_files(collector.inbox)) == 1
    assert [r["event_id"] for r in records(collector.inbox)] == ["kept-1", "kept-2"]
    assert finished_files(collector.inbox)[0].read_bytes().endswith(b"}\n")
    collector.stop()
    loaded = run_newsdash(collector.config, "etl", "--no-export")
    assert loaded.returncode == 0, loaded.stderr
    status = etl_status(collector)
    assert (status["events_loaded"], status["rejected"]) == (2, 0)


def etl_status(collector: Collector) -> dict:
    done = run_newsdash(collector.config, "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def loaded_ids(collector: Collector) -> dict[str, int]:
    """event_id -> how many times it is in the warehouse (a read-only, independent query)."""
    con = lake.connect(collector.folder / "warehouse" / "nd.duckdb")
    try:
        rows = con.execute("SELECT event_id, count(*) FROM events GROUP BY event_id").fetchall()
    finally:
        con.close()
    return dict(rows)


class Traffic:
    """Senders posting batches of 5 events with their own ids, and one bad batch in ten that
    must be refused; they note what got a 202, what was refused, and what got no answer."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.acked: set[str] = set()
        self.refused: set[str] = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def batch(self, sender: int, number: int) -> list[dict]:
        bad = number % 10 == 9
        return [{**VIEW, "event_id": f"s{sender}-b{number}-e{i}",
                 **({"event_type": "share", "channel": "fax"} if bad and i == 4 else {})}
                for i in range(5)]  # fmt: skip

    def send(self, sender: int, limit: int) -> None:
        for number in range(limit):
            if self.stop.is_set():
                return
            events = self.batch(sender, number)
            ids = {e["event_id"] for e in events}
            try:
                status = self.collector.post(events, {"User-Agent": f"sender {sender}"}).status
            except (OSError, http.client.HTTPException):
                continue  # no (whole) answer: the collector died; neither acknowledged nor refused
            with self.lock:
                if status == 202:
                    self.acked |= ids
                elif status == 400:
                    self.refused |= ids


def test_no_acknowledged_event_is_lost_or_doubled_by_kill_9_under_load(tmp_path):
    collector = Collector(tmp_path, rotate_seconds=0.3, rate_limit_burst=100000,
                          rate_limit_per_second=100000).start()  # fmt: skip
    traffic = Traffic(collector)
    with ThreadPoolExecutor(8) as pool:
        senders = [pool.submit(traffic.send, s, 100_000) for s in range(8)]
        wait_for(lambda: len(traffic.acked) >= 2000 and collector.health()["files_written"] >= 2,
                 "2,000 events acknowledged in rotated files", timeout=120)  # fmt: skip
        collector.kill()  # SIGKILL in the middle of the stream: 8 posts are in flight
        traffic.stop.set()
        assert not [s.exception() for s in senders if s.exception()]
    acked_before_kill = len(traffic.acked)
    collector.start()  # recovers the .part the kill left
    retried = sorted(traffic.acked)[:25]  # a client re-sending acknowledged events
    assert collector.post([{**VIEW, "event_id": i} for i in retried]).status == 202
    after = Traffic(collector)
    after.send(99, 20)
    collector.stop()

    assert part_files(collector.inbox) == []
    loaded = run_newsdash(collector.config, "etl", "--no-export")
    assert loaded.returncode == 0, loaded.stderr
    status = etl_status(collector)
    counts = loaded_ids(collector)
    acked = traffic.acked | after.acked
    assert acked_before_kill >= 2000
    assert status["rejected"] == 0 and status["rejected_by_reason"] == {}
    assert acked <= counts.keys(), f"lost: {sorted(acked - counts.keys())[:5]}"
    assert set(counts.values()) == {1}  # each id loaded once; the re-sent ones were duplicates
    assert status["duplicates"] == len(retried)
    assert not (traffic.refused | after.refused) & counts.keys()
    assert traffic.refused and after.refused  # the refusals really happened
    assert status["events_loaded"] == len(counts)


TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@given(article=TEXT, url=TEXT, referrer=TEXT, agent=st.one_of(st.none(), TEXT))
def test_every_accepted_record_is_one_ascii_json_line(article, url, referrer, agent):
    body = json.dumps({"event_type": "view", "article_id": article, "url": url,
                       "referrer": referrer}).encode()  # fmt: skip
    try:
        client = client_records(body)
    except Refusal:
        return
    when = datetime(2026, 11, 18, 5, 30, tzinfo=UTC)
    data = event_lines(client, when, "0123456789abcdef", agent)
    assert data.isascii() and data.count(b"\n") == 1 and data.endswith(b"\n")
    record = json.loads(data)
    assert (
        record["article_id"] == article.strip()
        and record["event_time"] == "2026-11-18T05:30:00.000Z"
    )


LINES = st.lists(st.binary(max_size=80).map(lambda b: b.replace(b"\n", b"") + b"\n"), max_size=5)


@given(lines=LINES, tail=st.binary(max_size=70_000).map(lambda b: b.replace(b"\n", b"")))
def test_recovery_keeps_exactly_the_complete_lines(tmp_path_factory, lines, tail):
    inbox = tmp_path_factory.mktemp("inbox")
    part = inbox / "collect_20261118T053000_000001.jsonl.part"
    part.write_bytes(b"".join(lines) + tail)
    [(final, dropped)] = recover(inbox)
    assert dropped == len(tail) and not part.exists()
    if lines:
        assert final.read_bytes() == b"".join(lines)
    else:
        assert not final.exists()  # nothing complete: no empty file for the ETL


def test_a_full_disk_answers_503_and_leaves_only_whole_acknowledged_lines(tmp_path):
    """The inbox on a real 64 KB filesystem: once it is full, requests get 503 write_failed,
    the partial batch is cut off the file, and what got a 202 is all there, line by line."""
    with small_disk(tmp_path / "inbox", "64k"):
        collector = Collector(tmp_path, rotate_seconds=3600).start()
        acked, failed = set(), []
        for number in range(100):
            batch = [{**VIEW, "event_id": f"b{number}-e{i}", "url": "https://x.test/" + "a" * 300}
                     for i in range(5)]  # fmt: skip
            reply = collector.post(batch)
            if reply.status == 202:
                acked |= {e["event_id"] for e in batch}
            else:
                failed.append((reply.status, reply.body["error"]))
            if len(failed) == 3:
                break
        health = collector.health()
        collector.stop()
        assert failed == [(503, "write_failed")] * 3 and len(acked) >= 50
        assert health["refusals"] == {"write_failed": 3} and health["queue_depth"] == 0
        assert {r["event_id"] for r in records(collector.inbox)} == acked
        assert part_files(collector.inbox) == []
