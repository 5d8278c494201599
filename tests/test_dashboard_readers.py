"""Distinct readers wherever the dashboard and the rankings count them: exact against the raw
events, also when a load repeats a triple or a day that an earlier load stored, when the days
were cut in another time zone, and read through `Database.reading`, which always opens the file
that the path names now."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pytest

from newsdash.dashboard import data
from newsdash.dashboard.filters import Filters
from newsdash.exports import ranking_for
from newsdash.sql import store
from tests.support.inputs import BOT_UA, event, load, write_articles, write_jsonl
from tests.support.sample import last_day, private_copy, sql

TZ = ZoneInfo("Asia/Seoul")
UTC = ZoneInfo("UTC")
DAY = date(2025, 10, 30)


def tiny_database(path, value: str) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT $v AS v", {"v": value})
    con.close()


def test_a_read_opens_the_file_published_after_an_older_read_began(tmp_path):
    published = tmp_path / "nd.duckdb"
    tiny_database(published, "old")
    with store.Database(published, TZ).reading() as old:
        tiny_database(tmp_path / "nd.duckdb.work", "new")
        os.replace(tmp_path / "nd.duckdb.work", published)  # what the ETL's publish does
        with store.Database(published, TZ).reading() as new:
            assert new.execute("SELECT v FROM t").fetchone()[0] == "new"
            assert new.execute("SELECT current_setting('TimeZone')").fetchone()[0] == TZ.key
            assert new.execute("SELECT in_sections([], NULL, NULL)").fetchone()[0] is True
        assert old.execute("SELECT v FROM t").fetchone()[0] == "old"


def test_a_read_lets_go_of_the_file_even_when_it_fails(tmp_path):
    published = tmp_path / "nd.duckdb"
    tiny_database(published, "old")
    with pytest.raises(duckdb.BinderException), store.Database(published, TZ).reading() as con:
        con.execute("SELECT no_such_column FROM t")
    writer = duckdb.connect(str(published))  # fails while any reader of this process holds it
    writer.execute("INSERT INTO t VALUES ('more')")
    writer.close()


def test_readers_in_many_threads_at_once_each_get_their_own_connection(tmp_path):
    published = tmp_path / "nd.duckdb"
    tiny_database(published, "v")

    def read(n: int) -> list[str]:
        seen = []
        for _ in range(20):
            db = store.Database(published, TZ)
            with db.reading() as con, db.reading() as inner:
                seen.append(con.execute("SELECT v FROM t").fetchone()[0])
                seen.append(inner.execute("SELECT v || $n FROM t", {"n": n}).fetchone()[0])
        return seen

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read, range(8)))
    assert results == [["v", f"v{n}"] * 20 for n in range(8)]
    writer = duckdb.connect(str(published))  # no reader kept the file
    writer.close()


def two_loads(settings, tmp_path) -> None:
    """S1 reads A1 in the same hour in both loads (a repeated triple and day), S1 and S2 read A2
    (a column), S3 reads an article without metadata; a bot and a view without a session."""
    articles = write_articles(tmp_path / "articles.csv", [
        {"article_id": "A1", "title": "One", "section": "ICT",
         "published_at": "2025-10-30T08:00:00+09:00"},
        {"article_id": "A2", "title": "Two", "section": "Column", "subsection": "Cho Kijo Column",
         "published_at": "2025-10-30T08:00:00+09:00"},
    ])  # fmt: skip
    first = write_jsonl(tmp_path / "events_1.jsonl", [
        event("e1", "2025-10-30T10:05:00+09:00", article="A1", session_id="S1"),
        event("e2", "2025-10-30T10:10:00+09:00", article="A2", session_id="S2"),
        event("e3", "2025-10-30T11:00:00+09:00", article="A2", session_id="S1"),
    ])  # fmt: skip
    second = write_jsonl(tmp_path / "events_2.jsonl", [
        event("e4", "2025-10-30T10:40:00+09:00", article="A1", session_id="S1"),
        event("e5", "2025-10-30T12:00:00+09:00", article="X9", session_id="S3"),
        event("e6", "2025-10-30T12:30:00+09:00", article="A1", session_id="S4", user_agent=BOT_UA),
        event("e7", "2025-10-30T12:40:00+09:00", article="A1"),
    ])  # fmt: skip
    assert load(settings, articles, first).status == "ok"
    assert load(settings, second).status == "ok"


def period(sections: tuple[str, ...] = (), zone: ZoneInfo = TZ, first=DAY, last=DAY) -> Filters:
    return Filters(first, last, sections, "day", "Custom", zone)


def kpi_readers(src: data.Source, f: Filters) -> int:
    frame = data.kpis(src, f, data.bounds(src))
    return int(frame.set_index("metric").loc["readers", "value"])


def test_readers_count_each_session_once_however_the_loads_repeat_it(settings, tmp_path):
    two_loads(settings, tmp_path)
    assert sql(settings, "SELECT count(*) - count(DISTINCT (hour, article_key, session_key)) "
                         "FROM readers_by_article") == [(1,)], "the second load repeats a triple"  # fmt: skip
    src = data.source(settings)
    assert kpi_readers(src, period()) == 3
    assert kpi_readers(src, period(("ICT",))) == 1
    assert kpi_readers(src, period(("Cho Kijo Column",))) == 2
    assert kpi_readers(src, period(("(unknown article)", "ICT"))) == 2
    by_section = data.section_readers(src, period()).set_index("section")["readers"].to_dict()
    assert by_section == {"ICT": 1, "Column": 2, "(unknown article)": 1}
    assert data.article(src, "A1", "day").readers == 1
    assert data.article(src, "A2", "day").readers == 2
    rows = ranking_for(settings, "most_viewed", "2025-10-31T00:00", limit="all").rows
    assert dict(zip(rows["article_id"], rows["readers"], strict=True)) == {
        "A1": 1, "A2": 2, "X9": 1,
    }  # fmt: skip


def distinct_readers(settings, start: datetime, end: datetime, section: str | None = None) -> int:
    return sql(settings, """
        SELECT count(DISTINCT session_id) FROM events e LEFT JOIN articles a USING (article_id)
        WHERE e.event_type = 'view' AND NOT e.is_bot AND e.event_time >= $start
            AND e.event_time < $end AND ($section IS NULL OR a.section = $section)
    """, start=start, end=end, section=section)[0][0]  # fmt: skip


def test_section_readers_match_the_events(sample):
    settings = sample
    src = data.source(settings)
    f = period(first=last_day(settings) - timedelta(days=6), last=last_day(settings))
    frame = data.section_readers(src, f)
    assert len(frame) > 3
    for section, readers in zip(frame["section"], frame["readers"], strict=True):
        if section != "(unknown article)":
            assert readers == distinct_readers(settings, *f.window(), section), section
    assert kpi_readers(src, f) == distinct_readers(settings, *f.window())


def whole_days(settings, zone: ZoneInfo, f: Filters) -> bool:
    """dash/readers' verdict on whether the stored days can count the period."""
    start, end = f.window()
    with store.Database(settings.db, zone).reading() as con:
        return store.rows(con, "dash/readers", start=start, end=end)[0][1]


def test_days_cut_in_another_time_zone_are_not_used(sample):
    """The warehouse was loaded with site time Asia/Seoul; read as UTC, its stored days do not
    start at the periods' midnights, and the readers come from the hourly triples instead."""
    settings = sample
    last = last_day(settings) - timedelta(days=1)
    utc = period(zone=UTC, first=last - timedelta(days=2), last=last)
    src = data.Source(store.Database(settings.db, UTC), "read-as-utc")
    assert kpi_readers(src, utc) == distinct_readers(settings, *utc.window())
    assert whole_days(settings, UTC, utc) is False
    assert whole_days(settings, TZ, period(first=utc.first, last=utc.last)) is True


TRIPLES = """SELECT DISTINCT date_trunc('hour', e.event_time), e.article_id, s.session_key
    FROM events e JOIN sessions s USING (session_id) WHERE e.event_type = 'view' AND NOT e.is_bot"""
BY_ARTICLE = """SELECT DISTINCT r.hour, k.article_id, r.session_key
    FROM readers_by_article r JOIN article_keys k USING (article_key)"""
DAYS_OF_TRIPLES = """SELECT DISTINCT date_trunc('day', e.event_time), s.session_key
    FROM events e JOIN sessions s USING (session_id) WHERE e.event_type = 'view' AND NOT e.is_bot"""
DAILY = "SELECT DISTINCT day, session_key FROM daily_readers"


def same_rows(settings, one: str, other: str) -> bool:
    both_ways = f"""SELECT * FROM (({one}) EXCEPT ({other}))
        UNION ALL SELECT * FROM (({other}) EXCEPT ({one}))"""
    return sql(settings, both_ways) == []


def test_reader_rollups_hold_the_counted_views(tmp_path):
    """Loaded by the ETL's rollups, readers_by_article and daily_readers hold exactly the
    (hour, article, session) and (day, session) of the counted views."""
    settings = private_copy(tmp_path / "copy")
    assert sql(settings, "SELECT count(*) > 0 FROM readers_by_article") == [(True,)]
    assert same_rows(settings, BY_ARTICLE, TRIPLES)
    assert same_rows(settings, DAILY, DAYS_OF_TRIPLES)
