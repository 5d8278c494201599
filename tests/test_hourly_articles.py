"""hourly_articles (schema 12): the rankings' counts, one row per site-time hour and article.

Hand-built loads whose rows can be checked by eye: it holds exactly hourly's counts of views,
likes, comments and shares (a late event adds to its own old hour, bots never count, shares of
two channels are one row), and the migration's backfill from hourly gives the same rows.
"""

from __future__ import annotations

import shutil

import duckdb

from newsdash.sql.store import query_text
from tests.support.inputs import BOT_UA, event, load, query, write_jsonl

PIVOT = """
    SELECT hour, article_id,
        sum(events) FILTER (WHERE event_type = 'view') AS views,
        sum(events) FILTER (WHERE event_type = 'like') AS likes,
        sum(events) FILTER (WHERE event_type = 'comment') AS comments,
        sum(events) FILTER (WHERE event_type = 'share') AS shares
    FROM hourly GROUP BY ALL
"""
ROWS = "SELECT hour, article_id, views, likes, comments, shares FROM hourly_articles ORDER BY ALL"


def as_rows(settings, sql: str) -> list[tuple]:
    return [(h.isoformat(), a, *(int(n or 0) for n in counts))
            for h, a, *counts in query(settings, sql)]  # fmt: skip


def test_one_row_per_hour_and_article_with_hourlys_counts(settings, tmp_path):
    first = [
        event("v1", "2025-10-30T12:05:00+09:00", "view", "A1", session_id="s1"),
        event("v2", "2025-10-30T12:59:59+09:00", "view", "A1", session_id="s2"),
        event("l1", "2025-10-30T12:10:00+09:00", "like", "A1"),
        event("x1", "2025-10-30T12:20:00+09:00", "share", "A1", channel="kakaotalk"),
        event("x2", "2025-10-30T12:30:00+09:00", "share", "A1", channel="facebook"),
        event("c1", "2025-10-30T13:00:00+09:00", "comment", "A1"),
        event("b1", "2025-10-30T12:40:00+09:00", "view", "A1", user_agent=BOT_UA),
        event("v3", "2025-10-30T12:15:00+09:00", "view", "A2"),
    ]
    load(settings, write_jsonl(tmp_path / "events-1.jsonl", first))
    late = [  # a second run: a late view for 12:00 and a new hour
        event("v4", "2025-10-30T12:45:00+09:00", "view", "A1", session_id="s3"),
        event("v5", "2025-10-30T14:00:00+09:00", "view", "A2"),
    ]
    load(settings, write_jsonl(tmp_path / "events-2.jsonl", late))
    got = as_rows(settings, ROWS)
    assert got == [
        ("2025-10-30T12:00:00+09:00", "A1", 3, 1, 0, 2),
        ("2025-10-30T12:00:00+09:00", "A2", 1, 0, 0, 0),
        ("2025-10-30T13:00:00+09:00", "A1", 0, 0, 1, 0),
        ("2025-10-30T14:00:00+09:00", "A2", 1, 0, 0, 0),
    ]
    assert got == sorted(as_rows(settings, PIVOT))


def test_the_upgrades_backfill_from_hourly_gives_the_same_rows(settings, tmp_path):
    events = [event(f"e{i}", f"2025-10-{28 + i % 3}T{i % 24:02}:10:00+09:00",
                    ("view", "like", "comment", "share")[i % 4], f"A{i % 5}", channel="line")
              for i in range(60)]  # fmt: skip
    load(settings, write_jsonl(tmp_path / "events.jsonl", events))
    copy = shutil.copy(settings.db, tmp_path / "copy.duckdb")
    backfill = query_text("schema/012_hourly_articles")
    backfill = backfill[backfill.index("INSERT INTO hourly_articles") :]
    con = duckdb.connect(str(copy))
    try:
        con.execute("SET TimeZone = 'Asia/Seoul'")
        loaded = con.execute(ROWS).fetchall()
        con.execute("DELETE FROM hourly_articles")
        con.execute(backfill)
        assert con.execute(ROWS).fetchall() == loaded
        assert len(loaded) == 60  # every event its own hour and article
    finally:
        con.close()
