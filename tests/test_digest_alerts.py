"""`newsdash alerts` end to end: the real ETL loads the data, the real command posts through
apprise's json:// plugin to a webhook receiver on localhost, and a re-run never posts twice.

Thursday 2025-10-30, Seoul, newest counted hour 14:00, so "rising now" looks at 12:00-15:00
against the same hours of the 7 days before (threshold 4×, at least 10 views):
- R1 (Travel, Korean title): 1 view a day at 13:10 before (usual 1), now 4 + 3 + 5 = 12 views,
  5 of them 14:00-15:00: 12×, alerted;
- S1 (Travel): 3 a day before, now 11: 3.7×, not alerted;
- H2 (ICT, hostile title, published long ago, no views before: usual floored at 1): 10 views at
  12:xx, none 14:00-15:00: 10×, alerted;
- N1 (ICT, published today): 5 views, fewer than 10, not alerted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdash.settings import Settings
from tests.support.digest import DASHBOARD, Webhook, newsdash, write_config
from tests.support.inputs import event, load, write_articles, write_jsonl

pytestmark = pytest.mark.clock  # also run by the clock guard (Makefile): "now" is NEWSDASH_NOW

NOW = "2025-10-30T14:50:00+09:00"
KOREAN = '급상승: 한강 불꽃축제 "100만명"'
HOSTILE = "<img src=x onerror=alert(1)> <!channel>"
ARTICLES = [
    {"article_id": "R1", "title": KOREAN, "section": "Travel", "published_at": "2025-10-01T09:00:00+09:00"},
    {"article_id": "S1", "title": "Steady", "section": "Travel", "published_at": "2025-10-01T09:00:00+09:00"},
    {"article_id": "H2", "title": HOSTILE, "section": "ICT", "published_at": "2025-09-01T09:00:00+09:00"},
    {"article_id": "N1", "title": "New", "section": "ICT", "published_at": "2025-10-30T11:00:00+09:00"},
]  # fmt: skip


def views(article: str, day: str, minutes: list[str], tag: str = "") -> list[dict]:
    """One view at each HH:MM of `day` (Seoul)."""
    return [
        event(f"{article}-{day}-{hhmm}-{i}{tag}", f"{day}T{hhmm}:00+09:00", article=article)
        for i, hhmm in enumerate(minutes)
    ]


BEFORE = [f"2025-10-{d}" for d in range(23, 30)]
EVENTS = [
    *[e for day in BEFORE for e in views("R1", day, ["13:10"])],
    *[e for day in BEFORE for e in views("S1", day, ["13:10", "13:20", "13:30"])],
    *views("R1", "2025-10-30", ["12:01", "12:02", "12:03", "12:04", "13:01", "13:02", "13:03",
                                "14:01", "14:02", "14:03", "14:04", "14:05"]),
    *views("S1", "2025-10-30", [f"13:{m:02d}" for m in range(11)]),
    *views("H2", "2025-10-30", [f"12:{m:02d}" for m in range(10)]),
    *views("N1", "2025-10-30", [f"14:{m:02d}" for m in range(5)]),
]  # fmt: skip


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    settings = Settings(db=tmp_path / "nd.duckdb", inbox=tmp_path, export_dir=tmp_path / "x",
                        export_after_etl=False)  # fmt: skip
    monkeypatch.setenv("NEWSDASH_NOW", "2025-10-30T14:55:00+09:00")
    load(settings, write_articles(tmp_path / "articles.csv", ARTICLES),
         write_jsonl(tmp_path / "events.jsonl", EVENTS))  # fmt: skip
    return settings


def config(tmp_path: Path, settings: Settings, hook: Webhook) -> Path:
    alerts = {"apprise_urls": [hook.url], "threshold": 4, "min_views": 10}
    return write_config(tmp_path / "newsdash.toml", settings.db, alerts=alerts)


def posted(hook: Webhook) -> list[str]:
    return [p["title"] for p in hook.posts]


def test_each_rising_article_is_posted_once_across_two_runs(settings, tmp_path):
    with Webhook() as hook:
        runs = [newsdash(config(tmp_path, settings, hook), NOW, "alerts") for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    assert "2 article(s) rising, 2 post(s) sent" in runs[0].stdout
    assert "2 article(s) rising, 0 post(s) sent" in runs[1].stdout
    assert posted(hook) == [f"Rising: {KOREAN}", f"Rising: {HOSTILE}"]
    rising, hostile = (p["message"].splitlines() for p in hook.posts)
    assert rising == [
        "Travel",
        "5 views 14:00–15:00; 12 in the last 3 h, 12× its usual",
        f"{DASHBOARD}/article?article=R1",
    ]
    assert hostile[1] == "0 views 14:00–15:00; 10 in the last 3 h, 10× its usual"


def test_a_later_run_posts_only_what_newly_crossed_and_the_next_day_again(settings, tmp_path):
    later = views("X1", "2025-10-30", [f"15:{m:02d}" for m in range(12)]) + views(
        "R1", "2025-10-30", ["15:01", "15:02"], "b"
    )
    next_day = views("R1", "2025-10-31", [f"13:{m:02d}" for m in range(40)])
    with Webhook() as hook:
        cfg = config(tmp_path, settings, hook)
        first = newsdash(cfg, NOW, "alerts")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("NEWSDASH_NOW", "2025-10-30T15:55:00+09:00")
            load(settings, write_jsonl(tmp_path / "later.jsonl", later))
            second = newsdash(cfg, "2025-10-30T15:56:00+09:00", "alerts")
            mp.setenv("NEWSDASH_NOW", "2025-10-31T13:55:00+09:00")
            load(settings, write_jsonl(tmp_path / "next.jsonl", next_day))
            third = newsdash(cfg, "2025-10-31T13:56:00+09:00", "alerts")
    assert [r.returncode for r in (first, second, third)] == [0, 0, 0], third.stderr
    assert posted(hook) == [f"Rising: {KOREAN}", f"Rising: {HOSTILE}", "Rising: (unknown article)",
                            f"Rising: {KOREAN}"]  # fmt: skip
    assert hook.posts[2]["message"].startswith("(unknown article)\n12 views 15:00–16:00")


def test_a_failed_post_is_one_line_exit_1_and_is_posted_by_the_next_run(settings, tmp_path):
    with Webhook() as hook:
        cfg = config(tmp_path, settings, hook)
        hook.status = 503
        failed = newsdash(cfg, NOW, "alerts")
        hook.status = 200
        retried = newsdash(cfg, "2025-10-30T14:51:00+09:00", "alerts")
        quiet = newsdash(cfg, "2025-10-30T14:52:00+09:00", "alerts")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    lines = failed.stderr.splitlines()
    assert len(lines) == 2 and all("post to json://127.0.0.1" in line for line in lines)
    assert all("the next run retries" in line for line in lines)
    assert retried.returncode == 0 and quiet.returncode == 0
    assert posted(hook) == [f"Rising: {KOREAN}", f"Rising: {HOSTILE}"]
    log = json.loads((tmp_path / "nd.duckdb.alerts.json").read_text(encoding="utf-8"))
    assert sorted(log["days"]["2025-10-30"]) == ["H2", "R1"]


def test_old_data_is_not_rising_now(settings, tmp_path):
    with Webhook() as hook:
        out = newsdash(config(tmp_path, settings, hook), "2025-10-30T17:10:00+09:00", "alerts")
    assert out.returncode == 0, out.stderr
    assert "more than 2 h ago ([alerts] max_age_hours): nothing is rising now" in out.stdout
    assert hook.posts == []


def test_a_dry_run_prints_the_alerts_and_posts_or_records_nothing(settings, tmp_path):
    with Webhook() as hook:
        out = newsdash(config(tmp_path, settings, hook), NOW, "alerts", "--dry-run")
    assert out.returncode == 0, out.stderr
    assert f"Rising: {KOREAN}\nTravel\n5 views 14:00–15:00" in out.stdout
    assert hook.posts == [] and not (tmp_path / "nd.duckdb.alerts.json").exists()


def test_alerts_need_a_channel(settings, tmp_path):
    out = newsdash(write_config(tmp_path / "n.toml", settings.db), NOW, "alerts")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "set [alerts] apprise_urls" in out.stderr
