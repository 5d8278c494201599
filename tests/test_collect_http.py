"""`newsdash collect` over HTTP: a batch answered 202 lands in a rotated inbox file, completed
by the collector; every refusal has its status and reason and writes nothing; CORS preflight;
/healthz and its state file; the tracker's size."""

from __future__ import annotations

import csv
import gzip
import http.client
import json
import re
import urllib.request

import pytest

from newsdash.etl.collect.pages import DEMO_ARTICLE_ID, TRACKER, DemoArticles
from newsdash.settings import sample_data
from tests.support.collect import (
    READER_UA,
    Collector,
    finished_files,
    part_files,
    records,
    request,
    wait_for,
)

SITE = "https://www.globaleconomictimes.kr"


@pytest.mark.clock
def test_a_batch_is_answered_202_and_lands_in_a_rotated_file_completed_by_the_collector(
    tmp_path, now
):
    collector = Collector(tmp_path, rotate_seconds=0.3).start()
    try:
        batch = [
            {"event_type": "view", "article_id": "A1", "event_id": "pv1-e1", "page_view_id": "pv1",
             "referrer": "https://m.search.naver.com/search?q=x", "url": f"{SITE}/article/1"},
            {"event_type": "LIKE", "article_id": "A1", "page_view_id": "pv1"},
            {"event_type": "share", "article_id": "A1", "channel": "KakaoTalk"},
        ]  # fmt: skip
        reply = collector.post(batch)
        assert (reply.status, reply.body) == (202, {"accepted": 3})
        got = wait_for(lambda: records(collector.inbox), "a rotated file with the batch")
    finally:
        collector.stop()
    assert [r["event_type"] for r in got] == ["view", "like", "share"]
    assert got[0]["event_id"] == "pv1-e1"  # the client's id, for the ETL's dedupe
    assert (
        re.fullmatch(r"[0-9a-f]{32}", got[1]["event_id"])
        and got[1]["event_id"] != got[2]["event_id"]
    )
    assert {r["event_time"] for r in got} == {
        now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    }
    assert {r["user_agent"] for r in got} == {READER_UA}
    sessions = {r["session_id"] for r in got}
    assert len(sessions) == 1 and re.fullmatch(r"[0-9a-f]{16}", sessions.pop())
    assert got[0]["referrer"] == "https://m.search.naver.com/search?q=x"
    assert got[0]["url"] == f"{SITE}/article/1" and got[0]["page_view_id"] == "pv1"
    assert got[2]["channel"] == "kakaotalk" and "channel" not in got[0]
    assert part_files(collector.inbox) == []
    assert re.fullmatch(
        r"collect_\d{8}T\d{6}_\d{6}\.jsonl", finished_files(collector.inbox)[0].name
    )


def test_one_event_object_and_application_json_are_accepted_too(tmp_path):
    collector = Collector(tmp_path).start()
    try:
        reply = collector.post({"event_type": "comment", "article_id": "A2"},
                               {"Content-Type": "application/json"})  # fmt: skip
        assert (reply.status, reply.body) == (202, {"accepted": 1})
    finally:
        collector.stop()  # a clean shutdown renames the open file into place
    assert [r["event_type"] for r in records(collector.inbox)] == ["comment"]
    assert part_files(collector.inbox) == []


def test_a_file_is_rotated_after_rotate_events(tmp_path):
    collector = Collector(tmp_path, rotate_events=2, rotate_seconds=3600).start()
    try:
        for article in ("A1", "A2", "A3"):
            assert collector.post({"event_type": "view", "article_id": article}).status == 202
        done = wait_for(lambda: finished_files(collector.inbox), "the first file rotated")
        assert [r["article_id"] for r in records(collector.inbox)] == ["A1", "A2"]
        assert len(done) == 1 and len(part_files(collector.inbox)) == 1  # A3 is still open
    finally:
        collector.stop()
    assert [r["article_id"] for r in records(collector.inbox)] == ["A1", "A2", "A3"]
    assert len(finished_files(collector.inbox)) == 2


VIEW = {"event_type": "view", "article_id": "A1"}
TOO_BIG = json.dumps([{**VIEW, "url": "https://x.test/" + "a" * 1900}] * 9).encode()
REFUSALS = [
    # (case, body as JSON or raw bytes, extra headers, status, reason)
    ("body over 16 KB", TOO_BIG, {}, 413, "too_large"),
    ("51 events", [VIEW] * 51, {}, 413, "too_many_events"),
    ("not JSON", b"{event_type: view", {}, 400, "invalid_json"),
    ("nested 8,000 deep", b"[" * 8000 + b"]" * 8000, {}, 400, "invalid_json"),
    ("not UTF-8", b'{"event_type": "view", "article_id": "\xff"}', {}, 400, "invalid_json"),
    ("an empty array", [], {}, 400, "empty_batch"),
    ("a number, not an event", [1], {}, 400, "not_an_event"),
    ("unknown event type", {**VIEW, "event_type": "click"}, {}, 400, "bad_event_type"),
    ("no event type", {"article_id": "A1"}, {}, 400, "missing_field"),
    ("no article", {"event_type": "view"}, {}, 400, "missing_field"),
    ("a share without channel", {**VIEW, "event_type": "share"}, {}, 400, "bad_channel"),
    ("an unknown channel", {**VIEW, "event_type": "share", "channel": "myspace"}, {}, 400,
     "bad_channel"),
    ("a channel on a view", {**VIEW, "channel": "line"}, {}, 400, "bad_channel"),
    ("url over 2,000 bytes", {**VIEW, "url": "https://x.test/" + "a" * 1986}, {}, 400,
     "field_too_long"),
    ("referrer over 2,000 bytes", {**VIEW, "referrer": "https://x.test/" + "한" * 662}, {}, 400,
     "field_too_long"),
    ("event_id over 64", {**VIEW, "event_id": "e" * 65}, {}, 400, "field_too_long"),
    ("article_id over 200 bytes", {**VIEW, "article_id": "A" * 201}, {}, 400, "field_too_long"),
    ("event_id with a space", {**VIEW, "event_id": "a b"}, {}, 400, "bad_field"),
    ("url not a string", {**VIEW, "url": 7}, {}, 400, "bad_field"),
    ("a control character", {**VIEW, "article_id": "A\n1"}, {}, 400, "bad_field"),
    ("a lone surrogate", b'{"event_type": "view", "article_id": "\\ud800"}', {}, 400,
     "bad_field"),
    ("an unknown field", {**VIEW, "ip": "198.51.100.4"}, {}, 400, "unknown_field"),
    ("a field the collector sets", {**VIEW, "session_id": "s1"}, {}, 400, "unknown_field"),
    ("a form post", VIEW, {"Content-Type": "application/x-www-form-urlencoded"}, 415,
     "content_type"),
    ("another site's page", VIEW, {"Origin": "https://evil.example"}, 403, "origin"),
    ("Do Not Track", VIEW, {"DNT": "1"}, 403, "do_not_track"),
    ("Global Privacy Control", VIEW, {"Sec-GPC": "1"}, 403, "do_not_track"),
    ("one bad event among good ones", [VIEW, VIEW, {**VIEW, "event_type": "scroll"}], {}, 400,
     "bad_event_type"),
]  # fmt: skip


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    """One collector for the refusal cases; a small burst so the rate limit is reachable."""
    collector = Collector(tmp_path_factory.mktemp("strict"), allowed_origins=[SITE],
                          rate_limit_burst=60, rate_limit_per_second=0.01).start()  # fmt: skip
    yield collector
    collector.stop()


@pytest.mark.parametrize("case,body,headers,status,reason", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_every_refusal_gives_its_reason_and_writes_nothing(strict, case, body, headers, status,
                                                           reason):  # fmt: skip
    before = strict.health()["refusals"].get(reason, 0)
    raw = body if isinstance(body, bytes) else None
    reply = strict.post(body, {"User-Agent": f"refusal case {case}", **headers}, raw=raw)
    assert (reply.status, reply.body["error"]) == (status, reason), reply.body
    assert reply.body["detail"]
    health = strict.health()
    assert health["refusals"][reason] == before + 1
    assert health["events_accepted"] == 0 and health["queue_depth"] == 0
    assert list(strict.inbox.iterdir()) == []  # not even an open .part


def test_a_refusal_names_the_event_and_field(strict):
    reply = strict.post([VIEW, {**VIEW, "event_type": "share", "channel": "fax"}])
    assert reply.body["event"] == 1 and reply.body["field"] == "channel"


def test_a_body_over_16_kb_without_content_length_is_refused_as_it_streams(strict):
    conn = http.client.HTTPConnection("127.0.0.1", strict.port, timeout=10)
    chunks = (b" " * 4096 for _ in range(5))  # 20 KB of whitespace, chunked: no length up front
    conn.request("POST", "/e", body=chunks, encode_chunked=True,
                 headers={"Content-Type": "text/plain", "User-Agent": "chunked"})  # fmt: skip
    reply = conn.getresponse()
    assert (reply.status, json.loads(reply.read())["error"]) == (413, "too_large")
    conn.close()
    assert list(strict.inbox.iterdir()) == []


def test_a_reader_over_the_rate_limit_gets_429_and_others_do_not(tmp_path):
    collector = Collector(tmp_path, rate_limit_burst=60, rate_limit_per_second=0.01).start()
    try:
        fast = {"User-Agent": "fast reader"}
        assert collector.post([VIEW] * 50, fast).status == 202  # 50 of 60 tokens
        refused = collector.post([VIEW] * 11, fast)  # 10 left: all 11 refused, none taken
        assert (refused.status, refused.body["error"]) == (429, "rate_limited")
        assert int(refused.headers["retry-after"]) >= 1
        assert collector.post([VIEW] * 10, fast).status == 202  # the 10 left
        assert collector.post([VIEW] * 50, {"User-Agent": "another reader"}).status == 202
        assert collector.health()["refusals"] == {"rate_limited": 1}
    finally:
        collector.stop()
    assert len(records(collector.inbox)) == 110


def test_cors_preflight_and_answers_for_an_allowed_origin(strict):
    options = request(f"{strict.base}/e", method="OPTIONS",
                      headers={"Origin": SITE, "Access-Control-Request-Method": "POST",
                               "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    assert options.status == 204
    assert options.headers["access-control-allow-origin"] == SITE
    assert options.headers["access-control-allow-methods"] == "POST"
    assert options.headers["access-control-allow-headers"].lower() == "content-type"
    refused = request(
        f"{strict.base}/e", method="OPTIONS", headers={"Origin": "https://evil.example"}
    )
    assert (refused.status, refused.body["error"]) == (403, "origin")
    assert "access-control-allow-origin" not in refused.headers
    evil = strict.post(VIEW, {"Origin": "https://evil.example"})
    assert evil.status == 403 and "access-control-allow-origin" not in evil.headers
    bad = strict.post({"event_type": "view"}, {"Origin": SITE})  # refused, but readable by the page
    assert bad.status == 400 and bad.headers["access-control-allow-origin"] == SITE


def test_healthz_counts_and_keeps_them_in_the_state_file_across_restarts(tmp_path, now):
    collector = Collector(tmp_path, rotate_seconds=0.2).start()
    state = collector.state_dir / "collect-state.json"
    try:
        assert collector.post([VIEW, VIEW]).status == 202
        assert collector.post({"event_type": "nope", "article_id": "A1"}).status == 400
        health = wait_for(lambda: (h := collector.health())["files_written"] == 1 and h,
                          "the file rotated")  # fmt: skip
        assert health["events_accepted"] == 2 and health["requests_accepted"] == 1
        assert health["refusals"] == {"bad_event_type": 1} and health["refused"] == 1
        assert health["queue_depth"] == 0 and health["open_file"] is None
        assert health["last_write"] == now.isoformat(timespec="milliseconds")
    finally:
        collector.stop()
    saved = json.loads(state.read_text())
    assert (saved["events_accepted"], saved["files_written"], saved["refusals"]) == (
        2, 1, {"bad_event_type": 1})  # fmt: skip
    collector.start()
    try:
        assert collector.post(VIEW).status == 202
        health = collector.health()
        assert (health["events_accepted"], health["refusals"]) == (3, {"bad_event_type": 1})
        assert health["since"] == saved["since"]
    finally:
        collector.stop()


def test_the_tracker_is_served_small_and_keeps_nothing_on_the_device(strict):
    source = TRACKER.read_bytes()
    assert len(gzip.compress(source)) < 2048
    for word in (b".cookie", b"localStorage", b"sessionStorage", b"indexedDB", b"import "):
        assert word not in source
    asked = urllib.request.Request(f"{strict.base}/t.js", headers={"Accept-Encoding": "gzip"})
    reply = urllib.request.urlopen(asked, timeout=10)
    assert reply.headers["content-encoding"] == "gzip"
    assert reply.headers["content-type"].startswith("application/javascript")
    assert gzip.decompress(reply.read()) == source


def test_the_demo_page_is_about_sample_articles():
    """Its own article and every box link are in sample_data/articles.csv, with their titles,
    so the demo's events attach to known articles."""
    demo = DemoArticles()
    with (sample_data() / "articles.csv").open(encoding="utf-8") as fh:
        known = {row["article_id"]: row["title"] for row in csv.DictReader(fh)}
    assert known[DEMO_ARTICLE_ID] == demo.main_title
    assert len(demo.linked) == 3 + 6 + 5 + 5  # Popular, Weekly Hot Issue, Most Viewed, Hot Issue
    assert {aid: known.get(aid) for aid in demo.linked} == demo.linked
