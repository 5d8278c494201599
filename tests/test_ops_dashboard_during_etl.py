"""The real dashboard server, with a page open in headless chromium and refreshed during three
consecutive ETL runs: no error on the page, every run exits 0, the numbers advance.

Each run is held (SIGSTOP at its test points, see etl/testpoints.py) mid-file inside a load
transaction and again just before publication; at both moments the browser opens a page whose
data the server has not cached yet, so it really reads the database while the ETL writes, and
must show it without any error. After each run the Overview shows the new numbers.
"""

from __future__ import annotations

import subprocess

import pytest

from newsdash.dashboard.server import server_command, server_env
from tests.support import lake
from tests.support.browser import (
    WIDTH,
    assert_no_error,
    free_port,
    settle,
    skip_module_without_chromium,
    wait_until_healthy,
)
from tests.support.ops import (
    etl,
    resume,
    start_etl,
    wait_until_stopped,
    write_articles,
    write_events,
)

skip_module_without_chromium()

START = "2025-10-20T00:00:00Z"
PER_RUN = 20_000
HOLD_AT = "sql:rollup/hourly,publish:before"


@pytest.fixture
def dashboard(tmp_path):
    """A published warehouse and the real server reading it."""
    inbox, db = tmp_path / "inbox", tmp_path / "db" / "nd.duckdb"
    write_articles(inbox / "articles.csv")
    write_events(inbox / "events_0.jsonl", 0, PER_RUN, START, span_hours=120)
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    port, log = free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(server_command(port, "127.0.0.1"), env=server_env(db, None),
                                  stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, log)
        yield base, db, inbox
    finally:
        server.terminate()
        server.wait(timeout=20)


def views_shown(page) -> int:
    """The Overview's Views figure, as the editor reads it."""
    value = page.locator("[data-testid=stMetric]").filter(has_text="Views")
    return int(value.locator("[data-testid=stMetricValue]").first.inner_text().replace(",", ""))


def show(page, url: str, what: str) -> None:
    """Open (or reload) a page and check that the editor sees no error of any kind."""
    page.goto(url)
    settle(page)
    assert_no_error(page, what)
    text = page.locator("[data-testid=stMain]").inner_text().lower()
    assert "lock" not in text and "exception" not in text, (what, text[:500])


# While a run is held, open pages not yet seen for the published file: the server's cache
# (keyed by the file's identity) cannot answer them, so they really read the database.
HELD_PAGES = {"mid-file": "health", "before publication": "sections"}


def test_a_page_refreshed_during_three_etl_runs_never_errs_and_advances(
    dashboard,
    browser,  # noqa: F811  (the harness's fixture, imported above)
    tmp_path,
):
    base, db, inbox = dashboard
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    show(page, base, "before the runs")
    shown = [views_shown(page)]
    codes = []
    for n in (1, 2, 3):
        write_events(inbox / f"events_{n}.jsonl", n * PER_RUN, PER_RUN, START, span_hours=120)
        run = start_etl(db, inbox, cwd=tmp_path, stop_at=HOLD_AT)
        for moment, name in HELD_PAGES.items():
            wait_until_stopped(run)
            show(page, f"{base}/{name}", f"run {n}, {moment}, {name}")
            resume(run)
        codes.append(run.wait(timeout=120))
        assert codes[-1] == 0, run.log_path.read_text()
        show(page, base, f"after run {n}")
        shown.append(views_shown(page))
    page.close()
    assert codes == [0, 0, 0]
    assert shown[0] < shown[1] < shown[2] < shown[3], shown


def published_state(db) -> tuple[int, int, int]:
    """(counted events in hourly, counted events by the ledger, raw events in the lake at the
    versions the file records), all read from one opened file: equal in a whole run."""
    con = lake.connect(db)
    try:
        hourly, ledger = con.execute(
            "SELECT (SELECT coalesce(sum(events), 0) FROM hourly), "
            "(SELECT coalesce(sum(loaded - bots), 0) FROM files WHERE kind = 'events')"
        ).fetchone()
        raw = con.execute("SELECT count(*) FILTER (WHERE NOT is_bot) FROM events").fetchone()[0]
    finally:
        con.close()
    return hourly, ledger, raw


def test_runs_every_few_seconds_never_show_an_error_or_a_half_applied_run(
    dashboard,
    browser,  # noqa: F811
    tmp_path,
):
    """Four runs back to back, each a small file, as the every-minute job would be: while each
    runs, the page is reloaded and the published file read; every read sees a whole run (its
    rollups, ledger and lake version agree), never part of one."""
    base, db, inbox = dashboard
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    seen = []
    for n in range(1, 5):
        write_events(inbox / f"small_{n}.jsonl", 10 * PER_RUN + n * 1000, 1000, START,
                     span_hours=120)  # fmt: skip
        run = start_etl(db, inbox, cwd=tmp_path)
        while run.poll() is None:
            show(page, f"{base}/{['health', 'sections', ''][n % 3]}", f"during run {n}")
            seen.append(published_state(db))
        assert run.returncode == 0, run.log_path.read_text()
        seen.append(published_state(db))
    page.close()
    assert len(seen) > 4
    assert all(hourly == ledger == raw for hourly, ledger, raw in seen), seen
    assert seen[-1][0] > seen[0][0]
