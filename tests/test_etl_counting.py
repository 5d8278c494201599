"""The brief's counting rules, each on a small input whose numbers can be checked by eye."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from tests.support.inputs import BOT_UA, BROWSER_UA, event, load, query, write_articles, write_jsonl


def counts(settings) -> dict[str, int]:
    ((loaded, bots),) = query(
        settings, "SELECT count(*), count(*) FILTER (WHERE is_bot) FROM events"
    )
    ((rejected,),) = query(settings, "SELECT count(*) FROM quarantine")
    return {"loaded": loaded, "bots": bots, "rejected": rejected}


def reasons(settings) -> dict[int, str]:
    return dict(query(settings, "SELECT line, reason FROM quarantine ORDER BY line"))


def test_duplicate_in_same_file_is_counted_once(settings, tmp_path):
    result = load(settings, write_jsonl(tmp_path / "e.jsonl", [event("a"), event("a"), event("b")]))
    assert (result.total("loaded"), result.total("duplicates")) == (2, 1)


def test_first_occurrence_wins_whatever_the_other_fields_say(settings, tmp_path):
    f = write_jsonl(tmp_path / "e.jsonl", [event("a", article="A1"), event("a", article="A2")])
    load(settings, f)
    assert query(settings, "SELECT article_id FROM events") == [("A1",)]


def test_duplicate_across_files_and_runs(settings, tmp_path):
    load(
        settings,
        write_jsonl(tmp_path / "1.jsonl", [event("a")]),
        write_jsonl(tmp_path / "2.jsonl", [event("a")]),
    )
    second = load(
        settings, write_jsonl(tmp_path / "3.jsonl", [event("a", kind="like"), event("c")])
    )
    assert (second.total("loaded"), second.total("duplicates")) == (1, 1)
    assert counts(settings)["loaded"] == 2


def test_each_invalid_record_is_rejected_with_its_reason_code(settings, tmp_path):
    f = write_jsonl(
        tmp_path / "e.jsonl",
        [
            "this is not json",  # 1 malformed
            {
                "event_time": "2025-10-30T21:05:00+09:00",
                "event_type": "view",
                "article_id": "A1",
            },  # 2
            event("c", kind="click"),  # 3 bad_event_type
            event("d", kind="share"),  # 4 bad_channel (none)
            event("e", kind="share", channel="myspace"),  # 5 bad_channel (unknown)
            event("f", time="2025-10-30 21:05:00"),  # 6 bad_time (no offset)
            event("g", time="yesterday"),  # 7 bad_time
            event("h", time="2099-01-01T00:00:00Z"),  # 8 future_time
            "[1, 2, 3]",  # 9 malformed (not an object)
        ],
    )
    result = load(settings, f)
    assert reasons(settings) == {
        1: "malformed",
        2: "missing_field",
        3: "bad_event_type",
        4: "bad_channel",
        5: "bad_channel",
        6: "bad_time",
        7: "bad_time",
        8: "future_time",
        9: "malformed",
    }
    assert result.total("loaded") == 0 and result.total("rejected") == 9


def test_rejected_record_keeps_file_line_field_and_raw_text(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "e.jsonl", [event("a"), event("b", kind="click")]))
    rows = query(
        settings,
        "SELECT f.name, r.line, r.field, r.raw FROM quarantine r JOIN files f USING (file_id)",
    )
    assert rows == [
        (
            "e.jsonl",
            2,
            "event_type",
            '{"event_id": "b", "event_time": "2025-10-30T21:05:00+09:00", "event_type": "click", "article_id": "A1"}',
        )
    ]


def test_invalid_record_reserves_no_id(settings, tmp_path):
    f = write_jsonl(tmp_path / "e.jsonl", [event("a", kind="click"), event("a")])
    result = load(settings, f)
    assert (result.total("loaded"), result.total("rejected"), result.total("duplicates")) == (
        1,
        1,
        0,
    )


def test_case_insensitive_spellings_and_twitter_is_x(settings, tmp_path):
    f = write_jsonl(
        tmp_path / "e.jsonl",
        [
            event("a", kind="VIEW"),
            event("b", kind="Share", channel="Twitter"),
            event("c", kind="share", channel="KakaoTalk"),
            event("d", kind="share", channel="COPY_URL"),
        ],
    )
    load(settings, f)
    assert query(settings, "SELECT event_id, event_type, channel FROM events ORDER BY 1") == [
        ("a", "view", None),
        ("b", "share", "x"),
        ("c", "share", "kakaotalk"),
        ("d", "share", "copy_url"),
    ]


def test_bots_are_kept_flagged_and_left_out_of_the_rollup(settings, tmp_path):
    f = write_jsonl(
        tmp_path / "e.jsonl",
        [
            event("a", user_agent=BROWSER_UA),
            event("b", user_agent=BOT_UA),
            event("c", user_agent=""),
            event("d"),
        ],
    )
    load(settings, f)
    assert counts(settings) == {"loaded": 4, "bots": 1, "rejected": 0}
    assert query(settings, "SELECT sum(events) FROM hourly") == [(3,)]


def test_empty_user_agent_is_not_a_bot(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "e.jsonl", [event("a", user_agent="")]))
    assert query(settings, "SELECT is_bot FROM events") == [(False,)]


def test_kst_day_boundary_cuts_in_site_time(settings, tmp_path):
    f = write_jsonl(
        tmp_path / "e.jsonl",
        [
            event("late", time="2025-10-30T23:59:59+09:00"),
            event("utc", time="2025-10-30T15:00:00Z"),  # 00:00 KST on the 31st
            event("epoch", time=1761836400000),  # 2025-10-30T15:00:00Z as epoch ms
        ],
    )
    load(settings, f)
    rows = query(settings, "SELECT strftime(hour, '%Y-%m-%d %H'), events FROM hourly ORDER BY 1")
    assert rows == [("2025-10-30 23", 1), ("2025-10-31 00", 2)]


def test_epoch_milliseconds_are_an_instant(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "e.jsonl", [event("a", time=1761836400123)]))
    assert query(settings, "SELECT epoch_ms(event_time) FROM events") == [(1761836400123,)]


def test_unknown_article_is_counted_and_attributed_when_metadata_arrives(settings, tmp_path):
    load(settings, write_jsonl(tmp_path / "e.jsonl", [event("a", article="A9")]))
    assert query(settings, "SELECT count(*) FROM hourly JOIN articles USING (article_id)") == [(0,)]
    load(
        settings,
        write_articles(
            tmp_path / "articles.csv", [{"article_id": "A9", "title": "Late", "section": "ICT"}]
        ),
    )
    assert query(
        settings,
        "SELECT title, sum(events) FROM hourly JOIN articles USING (article_id) GROUP BY 1",
    ) == [("Late", 1)]


def test_retitled_article_latest_delivery_wins(settings, tmp_path):
    load(
        settings,
        write_articles(
            tmp_path / "articles_1.csv",
            [
                {"article_id": "A1", "title": "First", "section": "World"},
                {"article_id": "A1", "title": "Second", "section": "World"},
            ],
        ),
    )
    assert query(settings, "SELECT title FROM articles") == [("Second",)]
    load(
        settings,
        write_articles(
            tmp_path / "articles_2.csv",
            [{"article_id": "A1", "title": "경제 뉴스", "section": "Business"}],
        ),
    )
    assert query(settings, "SELECT title, section FROM articles") == [("경제 뉴스", "Business")]


def test_every_file_accounts_for_every_record(settings, tmp_path):
    f1 = write_jsonl(
        tmp_path / "1.jsonl.gz", [event("a"), event("a"), event("b", kind="x"), "{oops"]
    )
    f2 = write_jsonl(tmp_path / "2.jsonl", [event("a"), event("c"), "", event("d", time="bad")])
    load(settings, f1, f2)
    rows = query(
        settings, "SELECT name, records_read, loaded, duplicates, rejected FROM files ORDER BY name"
    )
    assert rows == [("1.jsonl.gz", 4, 1, 1, 2), ("2.jsonl", 3, 1, 1, 1)]
    for _, read, loaded, dups, rejected in rows:
        assert read == loaded + dups + rejected


def test_readers_rollup_holds_each_session_per_hour_and_article(settings, tmp_path):
    f1 = write_jsonl(
        tmp_path / "1.jsonl",
        [
            event("a", session_id="s1"),
            event("b", session_id="s1"),  # same hour: one reader
            event("c", session_id="s2", time="2025-10-30T22:10:00+09:00"),
            event("d", session_id="s1", kind="like"),  # likes are not reads
            event("e", session_id="bot", user_agent=BOT_UA),  # bots never count
            event("f"),  # no session: no reader
        ],
    )
    f2 = write_jsonl(tmp_path / "2.jsonl", [event("g", session_id="s1")])  # later file, same hour
    load(settings, f1)
    load(settings, f2)
    rows = query(
        settings,
        "SELECT DISTINCT strftime(r.hour, '%H'), s.session_id FROM readers_by_article AS r "
        "JOIN sessions AS s USING (session_key) ORDER BY 1, 2",
    )
    assert rows == [("21", "s1"), ("22", "s2")]


def test_the_two_hours_of_a_fall_back_night_are_two_site_hours(settings, tmp_path):
    """America/New_York, 2025-11-02: 01:00-02:00 happens twice (EDT from 05:00 UTC, EST from
    06:00 UTC). Each hour keeps its own views; DuckDB's date_trunc('hour') would merge them."""
    new_york = dataclasses.replace(settings, zone=ZoneInfo("America/New_York"))
    views = [("e1", "05:10"), ("e2", "05:50"), ("e3", "05:59"), ("s1", "06:00"), ("s2", "06:40")]
    records = [event(i, f"2025-11-02T{t}:00Z", session_id=i) for i, t in views]
    load(new_york, write_jsonl(tmp_path / "e.jsonl", records))
    rows = query(
        new_york,
        "SELECT strftime(hour, '%H:%M%z'), events FROM hourly ORDER BY hour",
    )
    assert rows == [("01:00-04", 3), ("01:00-05", 2)]
    readers = query(
        new_york,
        "SELECT strftime(hour, '%H:%M%z'), count(DISTINCT session_key) FROM readers_by_article "
        "GROUP BY hour ORDER BY hour",
    )
    assert readers == [("01:00-04", 3), ("01:00-05", 2)]
