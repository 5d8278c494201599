"""The demo, live, in a real browser: `newsdash demo` (collector with the demo article page,
ETL loop, dashboard) runs; chromium opens the Live page, then the demo article, clicks the
KakaoTalk share button and "I like it"; once the collector has written them the test starts
one ETL run (no waiting for a timer), and the Live page, left open, refreshes itself until it
shows the share and the like. Ctrl-C then stops every process the demo started."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.browser import free_port, settle, skip_module_without_chromium
from tests.support.collect import NEWSDASH, READER_UA, records, run_newsdash, wait_for, write_config

skip_module_without_chromium()


def wait_until_answers(url: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"newsdash demo exited ({proc.returncode}):\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout:.0f} s:\n{log.read_text()}")


def session_processes(sid: int) -> list[int]:
    """The processes of session `sid` (the demo and whatever it started in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.fixture
def demo(tmp_path):
    """`newsdash demo` on an empty inbox, its collector writing files every 0.2 s, its own ETL
    loop slowed to once an hour so that the test decides when a run happens."""
    collect_port, port = free_port(), free_port()
    config = write_config(tmp_path, port=collect_port, rotate_seconds=0.2)
    (tmp_path / "inbox").mkdir()
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*NEWSDASH, "--config", str(config), "demo", "--port", str(port), "--etl-every", "3600"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_answers(f"http://localhost:{port}/_stcore/health", proc, log)
        wait_until_answers(f"http://127.0.0.1:{collect_port}/healthz", proc, log)
        yield {"proc": proc, "config": config, "inbox": tmp_path / "inbox", "log": log,
               "dashboard": f"http://localhost:{port}",
               "article": f"http://127.0.0.1:{collect_port}/demo/article"}  # fmt: skip
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def tile(page, label: str) -> str:
    metric = page.locator("[data-testid=stMetric]").filter(has_text=label)
    return metric.locator("[data-testid=stMetricValue]").inner_text() if metric.count() else ""


def live_shows(page, label: str, value: str) -> bool:
    return tile(page, label) == value


def channel_bars(page) -> dict[str, str]:
    """The share channels chart's bars: channel label -> the number drawn above its bar."""
    for chart in page.locator(".js-plotly-plot").all():
        labels = [t.text_content() for t in chart.locator(".xtick text").all()]
        if "KakaoTalk" in labels:
            values = [t.text_content() for t in chart.locator(".bartext").all()]
            return dict(zip(labels, values, strict=True))
    return {}


def trigger_run(config: Path, inbox: Path) -> None:
    """One ETL run now; if the demo's own loop holds the lock (75), again until one ran."""

    def ran():
        done = run_newsdash(config, "etl", "--live", "--inbox", str(inbox))
        assert done.returncode in (0, 75), done.stderr
        return done.returncode == 0

    wait_for(ran, "an ETL run that was not locked out", timeout=180, every=0.5)


def test_a_click_on_the_demo_article_shows_on_the_live_page_and_ctrl_c_stops_it_all(browser, demo):
    context = browser.new_context(user_agent=READER_UA, viewport={"width": 1400, "height": 1000})
    live = context.new_page()
    live.goto(f"{demo['dashboard']}/live")
    live.wait_for_selector("[data-testid=stMetric]", timeout=60_000)
    settle(live)
    assert tile(live, "Shares, last 30 min") == "0"
    assert "As of" in live.locator("[data-testid=stMain]").inner_text()

    article = context.new_page()
    article.goto(demo["article"])
    article.get_by_role("button", name="KakaoTalk").click()
    article.get_by_role("button", name="I like it").click()
    kinds = lambda: sorted((r["event_type"], r.get("channel")) for r in records(demo["inbox"]))  # noqa: E731
    wait_for(lambda: kinds() == [("like", None), ("share", "kakaotalk"), ("view", None)],
             "the view, the share and the like written by the collector", timeout=90)  # fmt: skip

    trigger_run(demo["config"], demo["inbox"])
    # No reload: the page's fragment reruns itself (every 10 s) and finds the new data.
    wait_for(lambda: live_shows(live, "Shares, last 30 min", "1"), "the share on the Live page",
             timeout=120, every=0.5)  # fmt: skip
    assert tile(live, "Likes, last 30 min") == "1" and tile(live, "Views, last 30 min") == "1"
    assert "newest event" in live.locator("[data-testid=stMain]").inner_text()
    assert live.locator("[data-testid=stException]").count() == 0
    # plotly draws the channels chart after the tiles: wait for its bar, not just its tile
    wait_for(lambda: channel_bars(live).get("KakaoTalk") == "1", "the share on the channels chart",
             timeout=30, every=0.5)  # fmt: skip
    context.close()

    proc = demo["proc"]
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
    assert proc.wait(timeout=60) == 0, demo["log"].read_text()
    wait_for(lambda: not session_processes(proc.pid), "every process of the demo stopped",
             timeout=30, every=0.2)  # fmt: skip
    assert not list(demo["inbox"].glob("*.part")), "the collector renamed its open file in"
