"""For the dashboard tests (AppTest and browser): the sample warehouse, built once per test
session through the real ETL (the `sample` fixture of conftest.py), and independent checks that
read it with plain SQL.

The warehouse is a copy of the bundled `sample_data/` loaded by `run_etl`; when that folder is
empty (a checkout without the sample), `newsdash.etl.generate` writes a small equivalent first.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path

import newsdash.dashboard
from newsdash.etl.run import run_etl
from newsdash.settings import Settings, sample_data
from tests.support.lake import connect, copy_warehouse

APP = Path(newsdash.dashboard.__file__).with_name("app.py")  # the Streamlit entrypoint
TZ = "Asia/Seoul"
PAGES = ("overview", "live", "sections", "rankings", "reporters", "tags", "channels", "sources",
         "article", "boxes", "health")  # fmt: skip
CHART_PAGES = ("overview", "sections", "reporters", "tags", "channels", "sources", "article",
               "health")  # fmt: skip
# Each page's script, as `st.Page` names it in dashboard/app.py (the page's URL path is the key).
PAGE_FILES = {page: f"page_scripts/{page}.py" for page in PAGES} | {
    "health": "page_scripts/data_health.py"
}


def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="newsdash-dash-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def sample_inbox(folder: Path) -> Path:
    """An inbox of the session's own: every run writes its cut request (`.cut`) into its inbox,
    and the bundled folder in the checkout is shared by every test process (two workers, and
    tests/test_wheel.py copying the checkout while the other worker loads)."""
    if any(sample_data().glob("events_*")):
        bundled = shutil.ignore_patterns("__init__.py", "__pycache__")
        return Path(shutil.copytree(sample_data(), folder / "inbox", ignore=bundled))
    from newsdash.etl.generate import generate

    generate(folder / "inbox", events=30_000, days=21, seed=3)
    return folder / "inbox"


def settings_for(db: Path, inbox: Path) -> Settings:
    return Settings(db=db, inbox=inbox, export_dir=db.parent / "exports", export_after_etl=False)


@cache
def sample_settings() -> Settings:
    """Settings of the session's sample warehouse (read-only for the tests that share it)."""
    folder = _scratch()
    settings = settings_for(folder / "nd.duckdb", sample_inbox(folder))
    result = run_etl(settings)
    assert result.status == "ok", result.message
    return settings


def private_copy(destination: Path) -> Settings:
    """A copy of the sample warehouse a test may load more data into."""
    source = sample_settings()
    destination.mkdir(parents=True, exist_ok=True)
    copy_warehouse(source.db, destination / "nd.duckdb")
    return settings_for(destination / "nd.duckdb", source.inbox)


def sql(settings: Settings, text: str, **params) -> list[tuple]:
    """Plain SQL on the published file (raw events from the lake: the view `events`),
    independent of the dashboard's queries."""
    con = connect(settings.db)
    try:
        return con.execute(text, params).fetchall()
    finally:
        con.close()


def counted(settings: Settings, kind: str, start: datetime, end: datetime, section=None) -> int:
    """Counted (non-bot) events of one type in [start, end), straight from the events table."""
    query = """
        SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id)
        WHERE e.event_type = $kind AND NOT e.is_bot AND e.event_time >= $start
            AND e.event_time < $end AND ($section IS NULL OR a.section = $section)
    """
    return sql(settings, query, kind=kind, start=start, end=end, section=section)[0][0]


def distinct_readers(settings: Settings, start: datetime, end: datetime) -> int:
    query = """
        SELECT count(DISTINCT session_id) FROM events
        WHERE event_type = 'view' AND NOT is_bot AND event_time >= $start AND event_time < $end
    """
    return sql(settings, query, start=start, end=end)[0][0]


def last_day(settings: Settings):
    return sql(settings, "SELECT max(hour)::DATE FROM hourly")[0][0]
