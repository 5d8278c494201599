"""`newsdash import access-log`: each format's hand-built log counted by eye, the quirks real logs
have, gzip in all its forms, privacy, and the rankings of imported history equal to those of
the same events given as contract files."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsdash.etl.imports.command import import_files
from newsdash.exports import ranking_for
from newsdash.settings import Settings
from tests.support import logs
from tests.support.inputs import BROWSER_UA, load, query, write_articles, write_jsonl

FORMATS = {
    "combined": lambda: logs.lines_log(logs.combined),
    "vhost_combined": lambda: logs.lines_log(logs.vhost_combined),
    "w3c": lambda: logs.iis_log(logs.REQUESTS),
    "cloudfront": lambda: logs.cloudfront_log(logs.REQUESTS),
    "json": lambda: logs.lines_log(logs.nginx_json),
}


def run_import(settings: Settings, path: Path, fmt: str | None = "combined", **kw):
    return import_files(settings, "access-log", [path], fmt, out=io.StringIO(), **kw)


def inbox_events(result) -> list[dict]:
    return [json.loads(line) for p in result.inbox_files for line in p.read_text().splitlines()]


def views_by_article(events: list[dict]) -> dict[str, int]:
    found: dict[str, int] = {}
    for e in events:
        found[e["article_id"]] = found.get(e["article_id"], 0) + 1
    return found


@pytest.mark.parametrize("fmt", [*FORMATS, "auto"])
def test_each_format_counts_the_same_eight_requests(settings, tmp_path, fmt):
    """4 views (1 by Googlebot), and static, method, status, not_article once each."""
    for name, render in FORMATS.items():
        if fmt not in (name, "auto"):
            continue
        path = tmp_path / f"{name}.log"
        path.write_text(render())
        result = run_import(settings, path, fmt)
        counts = result.files[0]
        assert (counts.lines - counts.skipped, counts.views, counts.crawlers) == (8, 4, 1), name
        assert dict(counts.reasons) == logs.REASONS, name
        assert counts.balanced()
        assert views_by_article(inbox_events(result)) == logs.VIEWS, name


def test_caddy_json_with_a_key_map_default(settings, tmp_path):
    path = tmp_path / "caddy.log"
    path.write_text(logs.lines_log(logs.caddy_json))
    counts = run_import(settings, path, "json").files[0]
    assert (counts.views, counts.crawlers, dict(counts.reasons)) == (4, 1, logs.REASONS)


def test_iis_header_repeated_mid_file_is_skipped_not_malformed(settings, tmp_path):
    path = tmp_path / "u_ex251030.log"
    path.write_text(logs.iis_log(logs.REQUESTS))
    counts = run_import(settings, path, "w3c").files[0]
    assert counts.skipped == 8  # two header blocks of four directives
    assert counts.reasons["malformed"] == 0


QUIRKS = [
    # X-Forwarded-For after the user agent, and another trailing field
    '10.0.0.1 - - [30/Oct/2025:21:10:00 +0900] "GET /article/7 HTTP/1.1" 200 9 "-" '
    f'"{logs.ANDROID_UA}" "203.0.113.77, 10.0.0.1" rt=0.012',
    # an IPv6 client with a port, an ip:port client
    f'[2001:db8::7]:51000 - - [30/Oct/2025:21:10:01 +0900] "GET /article/7 HTTP/2.0" 200 9 "-" "{BROWSER_UA}"',
    f'198.51.100.8:4431 - - [30/Oct/2025:21:10:02 +0900] "GET /article/7 HTTP/1.1" 200 9 "-" "{BROWSER_UA}"',
    # escaped quotes: Apache's \" and nginx's \x22
    r'203.0.113.1 - - [30/Oct/2025:21:10:03 +0900] "GET /article/8?q=\"x\" HTTP/1.1" 200 9 "-" "Mozilla/5.0 (X11; Linux x86_64) \"Quoted\" Firefox/133.0"',
    r'203.0.113.2 - - [30/Oct/2025:21:10:04 +0900] "GET /article/8 HTTP/1.1" 200 9 "-" "Mozilla/5.0 (X11; Linux x86_64) \x22Quoted\x22 Firefox/133.0"',
    # an offset that is not a whole hour
    f'203.0.113.3 - - [30/Oct/2025:15:40:05 +0330] "GET /article/8 HTTP/1.1" 200 9 "-" "{BROWSER_UA}"',
]


def test_quirks_of_real_logs_all_import(settings, tmp_path):
    path = tmp_path / "quirks.log"
    latin1 = (
        b'203.0.113.4 - - [30/Oct/2025:21:10:06 +0900] "GET /article/8 HTTP/1.1" 200 9 "-" '
        b'"Mozilla/5.0 (Windows NT 10.0) Caf\xe9 Browser"\n'
    )
    path.write_bytes("".join(q + "\n" for q in QUIRKS).encode() + latin1)
    result = run_import(settings, path)
    assert (result.files[0].views, dict(result.files[0].reasons)) == (7, {})
    events = inbox_events(result)
    assert [e["article_id"] for e in events] == ["7"] * 3 + ["8"] * 4
    assert events[3]["user_agent"].count('"Quoted"') == 1
    assert events[4]["user_agent"] == events[3]["user_agent"]
    assert events[5]["event_time"] == "2025-10-30T15:40:05+03:30"
    assert "Caf\ufffd Browser" in events[6]["user_agent"]


def test_no_address_and_no_other_query_string_is_written(settings, tmp_path):
    path = tmp_path / "access.log"
    path.write_text(logs.lines_log(logs.combined) + "".join(q + "\n" for q in QUIRKS[:3]))
    result = run_import(settings, path)
    written = "".join(p.read_text() for p in result.inbox_files)
    for address in ("203.0.113", "198.51.100", "2001:db8", "66.249", "10.0.0.1"):
        assert address not in written
    assert "utm_source" not in written and "page=2" not in written


def test_one_reader_a_day_sessions_like_the_collector(settings, tmp_path):
    """Same address and agent: one session that day, another the next; a forwarded reader is
    told apart by the X-Forwarded-For address, not the proxy's."""
    same = f'"GET /article/1 HTTP/1.1" 200 9 "-" "{BROWSER_UA}"'
    path = tmp_path / "days.log"
    path.write_text(
        f"203.0.113.5 - - [30/Oct/2025:10:00:00 +0900] {same}\n"
        f"203.0.113.5 - - [30/Oct/2025:23:00:00 +0900] {same}\n"
        f"203.0.113.5 - - [31/Oct/2025:00:30:00 +0900] {same}\n"
        f'10.0.0.1 - - [30/Oct/2025:10:00:00 +0900] {same} "198.51.100.1"\n'
        f'10.0.0.1 - - [30/Oct/2025:10:00:00 +0900] {same} "198.51.100.2"\n'
    )
    sessions = [e["session_id"] for e in inbox_events(run_import(settings, path))]
    assert sessions[0] == sessions[1] != sessions[2]
    assert len(set(sessions)) == 4


def test_malformed_lines_named_by_file_and_line(settings, tmp_path):
    path = tmp_path / "access.log"
    text = logs.lines_log(logs.combined)
    bad = '203.0.113.5 - - [30/Foo/2025:21:05:00 +0900] "GET /article/1 HTTP/1.1" 200 1 "-" "x"'
    path.write_text(text + "not a log line at all\n" + bad + "\n" + "x" * 70_000 + "\n")
    out = io.StringIO()
    counts = import_files(settings, "access-log", [path], "combined", out=out).files[0]
    assert counts.reasons["malformed"] == 3 and counts.views == 4
    assert [(line, field) for line, field, _ in counts.examples] == [
        (9, "line"), (10, "time"), (11, "line")]  # fmt: skip
    assert "access.log:10: malformed (time)" in out.getvalue()


def test_gzip_single_and_multi_member_import_like_plain(settings, tmp_path):
    text = logs.lines_log(logs.combined).encode()
    half = text.index(b"\n", len(text) // 2) + 1
    (tmp_path / "plain.log").write_bytes(text)
    (tmp_path / "one.log.gz").write_bytes(gzip.compress(text))
    (tmp_path / "multi.log.gz").write_bytes(gzip.compress(text[:half]) + gzip.compress(text[half:]))
    ids = []
    for name in ("plain.log", "one.log.gz", "multi.log.gz"):
        events = inbox_events(run_import(settings, tmp_path / name))
        ids.append(sorted(e["event_id"] for e in events))
    assert ids[0] == ids[1] == ids[2] and len(ids[0]) == 4


def test_rotated_copy_with_overlapping_lines_adds_nothing(settings, tmp_path):
    lines = logs.lines_log(logs.combined).splitlines(keepends=True)
    (tmp_path / "access.log.1").write_text("".join(lines[:6]))
    (tmp_path / "access.log").write_text("".join(lines[3:]))  # lines 4-6 in both
    first = inbox_events(run_import(settings, tmp_path / "access.log.1"))
    second = inbox_events(run_import(settings, tmp_path / "access.log"))
    assert len({e["event_id"] for e in first + second}) == 4  # not 5


def test_two_identical_requests_in_one_second_stay_two_views(settings, tmp_path):
    line = logs.combined(logs.REQUESTS[0])
    path = tmp_path / "access.log"
    path.write_text(line + "\n" + line + "\n")
    events = inbox_events(run_import(settings, path))
    assert len({e["event_id"] for e in events}) == 2


ARTICLES = [
    {"article_id": "GET-A", "title": "A", "section": "ICT", "published_at": "2025-10-30T09:00:00+09:00",
     "url": "https://www.example-news.test/news/view.php?idx=100001"},
    {"article_id": "GET-B", "title": "B", "section": "World", "published_at": "2025-10-30T09:00:00+09:00",
     "url": "https://www.globaleconomictimes.kr/article/1065551107195007"},
    {"article_id": "GET-C", "title": "C", "section": "World", "published_at": "2025-10-30T09:00:00+09:00",
     "url": "https://www.example-news.test/news/view.php?idx=100002"},
]  # fmt: skip


def test_imported_rankings_equal_rankings_of_the_same_events_as_contract_files(tmp_path):
    """The log's views, mapped to the articles' own ids, rank exactly as the same views written
    by hand as contract events (the bot's view kept and flagged, so left out of both)."""
    imported, by_hand = (
        Settings(db=tmp_path / d / "nd.duckdb", inbox=tmp_path / d / "inbox",
                 export_dir=tmp_path / d / "exports", export_after_etl=False)
        for d in ("imported", "by_hand")
    )  # fmt: skip
    articles = write_articles(tmp_path / "articles.csv", ARTICLES)
    log = tmp_path / "access.log"
    log.write_text(logs.lines_log(logs.combined))
    done = import_files(imported, "access-log", [log], "combined", articles=(articles,),
                        out=io.StringIO())  # fmt: skip
    load(imported, articles, *done.inbox_files)
    contract = write_jsonl(tmp_path / "events.jsonl", [
        {"event_id": "1", "event_time": "2025-10-30T21:05:00+09:00", "event_type": "view",
         "article_id": "GET-A", "session_id": "r1", "user_agent": BROWSER_UA},
        {"event_id": "2", "event_time": "2025-10-30T21:06:00+09:00", "event_type": "view",
         "article_id": "GET-A", "session_id": "r2", "user_agent": logs.ANDROID_UA},
        {"event_id": "3", "event_time": "2025-10-30T21:07:00+09:00", "event_type": "view",
         "article_id": "GET-B", "session_id": "r3", "user_agent": logs.ANDROID_UA},
        {"event_id": "4", "event_time": "2025-10-30T21:08:00+09:00", "event_type": "view",
         "article_id": "GET-C", "session_id": "r4", "user_agent": logs.BOT_UA},
    ])  # fmt: skip
    load(by_hand, articles, contract)
    columns = ["rank", "article_id", "views", "readers", "score"]
    for name in ("most_viewed", "weekly_hot", "hot_now"):
        mine = ranking_for(imported, name, "2025-10-31T00:00:00+09:00").rows[columns]
        theirs = ranking_for(by_hand, name, "2025-10-31T00:00:00+09:00").rows[columns]
        assert mine.to_dict("records") == theirs.to_dict("records"), name
    top = ranking_for(imported, "most_viewed", "2025-10-31T00:00:00+09:00").rows
    assert top[["article_id", "views"]].values.tolist() == [["GET-A", 2], ["GET-B", 1]]
    assert query(imported, "SELECT count(*), sum(is_bot::INT) FROM events") == [(4, 1)]


def test_json_key_map_from_the_config(tmp_path):
    """A JSON log with its own field names imports once [import.json_keys] names them."""
    cfg = tmp_path / "newsdash.toml"
    cfg.write_text(
        "[import.json_keys]\nclient = 'ip_addr'\ntime = 'when'\nrequest = 'req'\n"
        "status = 'code'\nuser_agent = ['ua', 'agent']\n"
    )
    log = tmp_path / "app.log"
    log.write_text(
        json.dumps({"ip_addr": "203.0.113.5", "when": "2025-10-30T21:05:00+09:00",
                    "req": "GET /article/5 HTTP/1.1", "code": 200, "agent": BROWSER_UA}) + "\n"
    )  # fmt: skip
    from newsdash.settings import load_settings

    settings = load_settings(cfg).with_database(tmp_path / "nd.duckdb")
    events = inbox_events(run_import(settings, log, "json"))
    assert [(e["article_id"], e["user_agent"]) for e in events] == [("5", BROWSER_UA)]


@pytest.mark.parametrize(
    ("pattern", "says"),
    [("/article/\\d+", "0 capture groups"), ("(/article/)(\\d+)", "2 capture groups"),
     ("(unclosed", "is not a regex")],
)  # fmt: skip
def test_an_article_url_without_one_group_is_bad_usage(tmp_path, pattern, says):
    from tests.support.ops import newsdash

    log = tmp_path / "access.log"
    log.write_text(logs.lines_log(logs.combined))
    done = newsdash("import", "access-log", log, "--article-url", pattern, "--db",
                    tmp_path / "nd.duckdb", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2 and says in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_connection_without_a_request_counts_under_method_not_malformed(settings, tmp_path):
    path = tmp_path / "access.log"
    path.write_text(
        '203.0.113.5 - - [30/Oct/2025:21:05:00 +0900] "-" 400 0 "-" "-"\n'
        '203.0.113.5 - - [30/Oct/2025:21:05:00 +0900] "\\x16\\x03\\x01\\x00" 400 157 "-" "-"\n'
    )
    counts = run_import(settings, path).files[0]
    assert dict(counts.reasons) == {"method": 2}


def test_a_big_plain_log_cut_into_ranges_imports_exactly_as_whole(settings, tmp_path, monkeypatch):
    """Ranges of ~700 bytes (the real ones are 64 MiB) imported by forked workers: the same
    events, counts and malformed line numbers as the file read whole."""
    from newsdash.etl.imports import units

    copies = [
        logs.lines_log(
            logs.combined, [replace(r, when=r.when.replace(hour=h)) for r in logs.REQUESTS]
        )
        for h in (18, 19, 20, 21)
    ]
    text = "".join(copies[:3]) + "broken line\n" + copies[3]
    path = tmp_path / "access.log"
    path.write_text(text)
    whole = run_import(settings, path)
    monkeypatch.setattr(units, "UNIT_BYTES", 700)
    assert len(units.plan(path, "combined", "k")) == len(text) // 700 + 1
    split = run_import(replace(settings, inbox=tmp_path / "another_inbox"), path)
    assert len(split.inbox_files) > len(whole.inbox_files)
    a, b = whole.files[0], split.files[0]
    assert (b.lines, b.views, b.crawlers, b.reasons) == (a.lines, a.views, a.crawlers, a.reasons)
    assert a.examples == b.examples == [(25, "line", "not a combined log line")]
    key = lambda e: (e["event_id"], e["event_time"], e["article_id"], e["session_id"])  # noqa: E731
    assert sorted(map(key, inbox_events(split))) == sorted(map(key, inbox_events(whole)))
