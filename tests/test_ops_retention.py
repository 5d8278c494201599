"""Retention: raw events older than `retention_days` are deleted after a run, while the hourly
rollups, the rankings of those days, the traffic the dashboard charts and the run history stay
exactly as they were. Killed while deleting, the next run deletes the same events."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newsdash.settings import Settings
from newsdash.sql import dimensions, store
from newsdash.sql.ranking_queries import compute_rankings
from tests.support import lake
from tests.support.lake import copy_warehouse
from tests.support.ops import (
    etl,
    kill9,
    newsdash,
    sha256,
    start_etl,
    wait_until_stopped,
    write_events,
)

pytestmark = pytest.mark.clock  # also run by the clock guard (Makefile)

DAYS, KEEP = 20, 7
TZ = "Asia/Seoul"


def write_recent_articles(path, now: datetime, count: int = 40):
    """Articles published over the last DAYS days, so every ranking has rows."""
    lines = ["article_id,title,section,subsection,author,published_at,url"]
    for i in range(count):
        published = now - timedelta(days=DAYS) + timedelta(hours=12 * i)
        lines.append(f"A{i},Title {i},World,,R,{published:%Y-%m-%dT%H:%M:%SZ},https://x/{i}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def retention_config(folder, days=KEEP):
    cfg = folder / "newsdash.toml"
    cfg.write_text(f"[warehouse]\nretention_days = {days}\n[export]\nafter_etl = false\n")
    return cfg


def as_of_times(now: datetime) -> list[datetime]:
    """Hours inside the deleted period, on its edge, and in the kept period."""
    return [now - timedelta(days=d, hours=h) for d, h in ((15, 3), (10, 0), (KEEP, 5), (2, 0))]


def views_of_the_past(db, now: datetime) -> dict:
    """What editors see of those days: rollups, rankings, and the traffic chart's query."""
    settings = Settings(db=db, inbox=db.parent, export_dir=db.parent, zone=ZoneInfo(TZ))
    database = store.published(settings)
    seen = {}
    for definition in settings.rankings:
        for t in as_of_times(now):
            rows = compute_rankings(database, [definition], t, limit="all")[0].rows
            seen[f"{definition.name}@{t:%m-%d %H}"] = rows.to_dict("records")
    with database.reading() as con:
        dimensions.prepare_editions(con, settings.newsroom)
        seen["hourly"] = con.execute("SELECT * FROM hourly ORDER BY ALL").fetchall()
        seen["readers"] = con.execute("SELECT * FROM readers_by_article ORDER BY ALL").fetchall()
        traffic = store.frame(
            con,
            "dash/traffic",
            grain="day",
            sections=[],
            edition=None,
            start=now - timedelta(days=DAYS + 1),
            end=now + timedelta(days=1),
        )
        seen["traffic"] = traffic.to_dict("records")
    return seen


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, now):
    """DAYS days of traffic up to the suite's now, loaded with no retention."""
    root = tmp_path_factory.mktemp("retention")
    now = now.replace(minute=0, second=0, microsecond=0)
    inbox = root / "inbox"
    write_recent_articles(inbox / "articles.csv", now)
    start = (now - timedelta(days=DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_events(inbox / "events.jsonl", 0, 40_000, start, span_hours=DAYS * 24 - 2)
    db = root / "nd.duckdb"
    assert etl(db, inbox, cwd=root).returncode == 0
    return db, inbox, views_of_the_past(db, now)


def copy_of(loaded, folder):
    db, inbox, before = loaded
    mine = folder / "nd.duckdb"
    copy_warehouse(db, mine)
    return mine, inbox, before


def oldest_event(db):
    con = lake.connect(db, TZ)
    try:
        return con.execute("SELECT min(event_time), count(*) FROM events").fetchone()
    finally:
        con.close()


def cutoff(now: datetime, days: int = KEEP) -> datetime:
    """Midnight in Seoul of the day `days` days before now's Seoul day, counted by hand."""
    midnight = now.astimezone(ZoneInfo(TZ)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=days)


def test_old_raw_events_go_and_everything_editors_see_stays(loaded, tmp_path, now):
    db, inbox, before = copy_of(loaded, tmp_path)
    totals_before = status_totals(db, tmp_path)
    _, count_before = oldest_event(db)
    run = etl(db, inbox, cwd=tmp_path, config=retention_config(tmp_path))
    assert run.returncode == 0, run.stderr
    oldest, count_after = oldest_event(db)
    assert oldest >= cutoff(now) and count_after < count_before
    deleted = count_before - count_after
    assert f"retention: deleted {deleted:,} raw events before {cutoff(now):%Y-%m-%d}" in run.stderr
    after = views_of_the_past(db, now)
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key
    assert status_totals(db, tmp_path) == totals_before  # counted from the file ledger


def status_totals(db, cwd) -> dict:
    out = newsdash("status", "--db", db, "--format", "json", cwd=cwd)
    status = json.loads(out.stdout)
    keys = ("events_loaded", "bot_events", "duplicates", "rejected", "first_event", "last_event")
    return {k: status[k] for k in keys}


@pytest.mark.parametrize("point", ["retention:delete", "retention:dropped"])
def test_killed_while_deleting_the_next_run_deletes_the_same(loaded, tmp_path, point, now):
    db, inbox, before = copy_of(loaded, tmp_path)
    published = sha256(db)
    cfg = retention_config(tmp_path)
    victim = start_etl(db, inbox, cwd=tmp_path, stop_at=point, config=cfg)
    wait_until_stopped(victim)
    kill9(victim)
    assert sha256(db) == published
    run = etl(db, inbox, cwd=tmp_path, config=cfg)
    assert run.returncode == 0, run.stderr
    assert oldest_event(db)[0] >= cutoff(now)
    assert views_of_the_past(db, now) == before


def test_a_retention_below_one_day_is_refused_before_any_work(loaded, tmp_path):
    db, inbox, _ = copy_of(loaded, tmp_path)
    published = sha256(db)
    run = newsdash(
        "--config",
        retention_config(tmp_path, days=-3),
        "etl",
        "--inbox",
        inbox,
        "--db",
        db,
        cwd=tmp_path,
    )
    assert run.returncode == 2  # bad usage: fix the config
    assert "retention_days = -3: must be a whole number from 1 to 36,500" in run.stderr
    assert sha256(db) == published


def test_settings_without_retention_keep_everything(loaded, tmp_path):
    db, inbox, _ = copy_of(loaded, tmp_path)
    _, count = oldest_event(db)
    assert etl(db, inbox, cwd=tmp_path).returncode == 0
    assert oldest_event(db)[1] == count
