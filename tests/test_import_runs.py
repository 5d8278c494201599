"""The real `newsdash import` command: import twice changes nothing; killed halfway and rerun,
the totals are exact; GA4 exports as NDJSON and Parquet; one summary line per file in a pipe."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.support import logs
from tests.support.ga4 import PAGE, ga4_row
from tests.support.ops import child_env, command, kill9, newsdash, snapshot, wait_until_stopped


def many_requests(count: int) -> str:
    """`count` views of 10 articles by 7 readers, a minute apart, plus a static file each 5th."""
    lines = []
    for i in range(count):
        r = logs.REQUESTS[0]
        target = "/css/a.css" if i % 5 == 4 else f"/article/{i % 10}"
        when = logs.at(0).replace(hour=9 + i // 600, minute=(i // 10) % 60, second=i % 10)
        lines.append(logs.combined(logs.Request(f"203.0.113.{i % 7}", when, "GET", target, 200,
                                                "", r.agent, "")))  # fmt: skip
    return "".join(line + "\n" for line in lines)


def config(tmp_path: Path, chunk_lines: int) -> Path:
    path = tmp_path / "newsdash.toml"
    path.write_text(f"[export]\nafter_etl = false\n\n[import]\nchunk_lines = {chunk_lines}\n")
    return path


def status(db: Path, cwd: Path) -> dict:
    done = newsdash("status", "--db", db, "--format", "json", cwd=cwd)
    return json.loads(done.stdout)


def test_import_twice_changes_nothing(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(logs.lines_log(logs.combined))
    db, cfg = tmp_path / "data" / "nd.duckdb", config(tmp_path, 100)
    first = newsdash("--config", cfg, "import", "access-log", log, "--db", db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = snapshot(db)
    again = newsdash("--config", cfg, "import", "access-log", log, "--db", db, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    after = snapshot(db)
    assert after["events"] == before["events"] == after["events"]
    assert after["hourly"] == before["hourly"]
    facts = status(db, tmp_path)
    assert (facts["events_loaded"], facts["bot_events"]) == (4, 1)
    # one summary line for the file (stderr is a pipe), then the table
    assert first.stderr.count("imported access.log (combined): 8 lines, 4 views") == 1
    assert "total" in first.stdout and "not_article" in first.stdout


def test_killed_halfway_and_rerun_gives_exact_totals(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(many_requests(1000))  # 800 views, 200 static
    cfg = config(tmp_path, 100)
    killed_db, clean_db = tmp_path / "killed" / "nd.duckdb", tmp_path / "clean" / "nd.duckdb"
    proc = subprocess.Popen(
        command("--config", cfg, "import", "access-log", log, "--db", killed_db),
        cwd=tmp_path, env=child_env("import:part#4"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until_stopped(proc)
    kill9(proc)
    inbox = killed_db.parent / "inbox"
    assert len(list(inbox.glob("import_*.jsonl"))) == 3
    assert len(list(inbox.glob("*.part"))) == 1  # the fourth chunk, torn by the kill
    rerun = newsdash("--config", cfg, "import", "access-log", log, "--db", killed_db, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "3 inbox files kept from an earlier import" in rerun.stderr
    clean = newsdash("--config", cfg, "import", "access-log", log, "--db", clean_db, cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert status(killed_db, tmp_path)["events_loaded"] == 800
    assert snapshot(killed_db)["events"] == snapshot(clean_db)["events"]
    assert snapshot(killed_db)["hourly"] == snapshot(clean_db)["hourly"]
    assert not list(inbox.glob("*.part"))


GA4_ROWS = [
    ga4_row("21:00:00", "page_view", PAGE.format(100001), page_referrer="https://m.search.naver.com/"),
    ga4_row("21:00:05", "page_view", PAGE.format(100001), user="u2", session=22,
            engagement_time_msec=5000),
    ga4_row("21:01:00", "share", PAGE.format(100001), method="KakaoTalk"),
    ga4_row("21:01:30", "share", PAGE.format(100001), method="Pinterest"),
    ga4_row("21:02:00", "scroll", PAGE.format(100001), engagement_time_msec=1500),
    ga4_row("21:03:00", "page_view", "https://www.example-news.test/"),
]  # fmt: skip


def test_ga4_ndjson_and_parquet_import_alike(tmp_path):
    """2 views and a KakaoTalk share loaded; the Pinterest share counted as an unknown channel,
    the scroll as another event, the home page as not an article."""
    ndjson = tmp_path / "events_20251030.json"
    ndjson.write_text("".join(json.dumps(r) + "\n" for r in GA4_ROWS))
    parquet = tmp_path / "events_20251030.parquet"
    pq.write_table(pa.Table.from_pylist(GA4_ROWS), parquet)
    for path, name in ((ndjson, "ndjson"), (parquet, "parquet")):
        db = tmp_path / name / "nd.duckdb"
        done = newsdash("import", "ga4", path, "--db", db, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "6 lines, 2 views, 1 shares" in done.stderr, done.stderr
        assert "not loaded: not_article 1, other_event 1, unknown_channel 1" in done.stderr
        assert "unknown share methods: pinterest 1" in done.stderr
        # the scroll's 1.5 s are the first page view's; the 5 s on u2's page_view belong to a
        # page before it that the export does not hold (engaged time: tests/test_import_ga4.py)
        assert (
            "engagement_time_msec 6,500; engaged time of 1 page views 1,500 ms"
            " (other pages 0 ms, no page view 5,000 ms)"
        ) in done.stderr
        facts = status(db, tmp_path)
        assert facts["events_loaded"] == 4 and facts["bot_events"] == 0  # 2 views, share, engage
    events = [json.loads(line) for line in min((tmp_path / "parquet" / "inbox").glob("import_*")).read_text().splitlines()]  # fmt: skip
    assert [e["event_type"] for e in events] == [
        "view",
        "view",
        "share",
    ]  # the engage: its own file
    assert events[2]["channel"] == "kakaotalk"
    assert events[0]["referrer"] == "https://m.search.naver.com/"
    assert events[0]["session_id"] == events[2]["session_id"] != events[1]["session_id"]


def test_a_terminal_gets_a_progress_bar_with_lines_per_second(tmp_path):
    """Under a pseudo-terminal (as an operator runs it) rich draws the bar; its text holds the
    bytes done and the lines per second, then the same summary line as in a pipe."""
    import os
    import pty

    log = tmp_path / "access.log"
    log.write_text(logs.lines_log(logs.combined))
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        command("import", "access-log", log, "--db", tmp_path / "nd.duckdb", "--no-load"),
        cwd=tmp_path, env=child_env(TERM="xterm", COLUMNS="160"),
        stdin=follower, stdout=follower, stderr=follower,
    )  # fmt: skip
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=120) == 0
    os.close(leader)
    text = output.decode("utf-8", "replace")
    kb = f"{log.stat().st_size / 1000:.1f}"
    assert f"{kb}/{kb} kB" in text and " lines/s" in text, text  # bytes done of all, the rate
    assert "imported access.log (combined): 8 lines, 4 views" in text
