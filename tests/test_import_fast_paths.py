"""The import's per-line shortcuts (issue 24, speed) give exactly what the plain way gives: a
log time parsed once an hour, a session salt remembered for an hour, the line-id memory in two
halves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdash.etl.collect.session import session_id
from newsdash.etl.imports.hits import ClfTimes, Malformed, clf_time
from newsdash.etl.imports.lines import LineIds
from newsdash.etl.imports.sessions import Sessions

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
OFFSETS = ["+0000", "+0900", "-0700", "+0330", "+0545", "-0000", "+2400", "+09:00"]


def plain(text: str) -> str:
    try:
        return clf_time(text).isoformat()
    except Malformed as exc:
        return f"Malformed {exc}"


def cached(times: ClfTimes, text: str) -> str:
    try:
        return times(text)
    except Malformed as exc:
        return f"Malformed {exc}"


TWO_DIGITS = st.sampled_from(["00", "07", "23", "24", "59", "60", "99", "5x", "٣٣", " 5"])
CLF_TEXT = st.builds(
    lambda d, mon, y, h, m, s, z: f"{d}/{mon}/{y}:{h}:{m}:{s} {z}",
    st.sampled_from(["01", "1", "29", "30", "31"]),
    st.sampled_from([*MONTHS, "oct"]),
    st.sampled_from(["2024", "2025"]),
    TWO_DIGITS,
    TWO_DIGITS,
    TWO_DIGITS,
    st.sampled_from(OFFSETS),
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(CLF_TEXT, min_size=1, max_size=30))
def test_a_log_time_parsed_once_an_hour_reads_as_parsed_whole(texts):
    times = ClfTimes()
    for text in texts:  # one cache across the list: an hour parsed first, then reused
        assert cached(times, text) == plain(text)


def test_times_of_one_hour_share_its_parse_and_a_bad_second_is_still_malformed():
    times = ClfTimes()
    assert times("30/Oct/2025:21:05:00 +0900") == "2025-10-30T21:05:00+09:00"
    assert times("30/Oct/2025:21:59:59 +0900") == "2025-10-30T21:59:59+09:00"
    assert times("30/Oct/2025:15:40:05 +0330") == "2025-10-30T15:40:05+03:30"
    assert len(times.hours) == 2
    with pytest.raises(Malformed, match="second must be in 0..59"):
        times("30/Oct/2025:21:05:60 +0900")


ZONES = ["Asia/Seoul", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe", "UTC"]
LOG_OFFSETS = [timedelta(hours=h, minutes=m) for h, m in ((0, 0), (9, 0), (-7, 0), (3, 30))]


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    offset=st.sampled_from(LOG_OFFSETS),
    minutes=st.lists(st.integers(0, 60 * 24 * 400), min_size=1, max_size=20),
    address=st.sampled_from(["203.0.113.5", "2001:db8::1", "caf\udce9"]),
)
def test_session_ids_are_the_collectors_under_each_site_day_salt(zone, offset, minutes, address):
    """Whatever the site's zone and the log's offset (midnight inside a log hour, too), the
    reader's session id is the collector's session_id() under the salt of its site day."""
    sessions = Sessions(b"s" * 32, "site", ZoneInfo(zone))
    for minute in minutes:
        when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=minute, seconds=7)
        logged = when.astimezone(timezone(offset))
        day = logged.astimezone(ZoneInfo(zone)).date()
        expected = session_id(sessions.salt(day), "site", address, "UA")
        assert sessions.reader(logged.isoformat(), address, "UA") == expected


def test_identical_lines_are_told_apart_until_half_the_memory_has_passed():
    ids = LineIds("log-", recent=4)  # halves of 2 distinct lines
    first = ids.event_id(b"same")
    for other in (b"a", b"b", b"c"):
        ids.event_id(other)
    assert ids.event_id(b"same") != first  # 3 distinct lines later: still remembered
    assert len(ids.newer) + len(ids.older) <= 4
    for other in (b"d", b"e", b"f", b"g", b"h"):
        ids.event_id(other)
    assert ids.event_id(b"same") == first  # long forgotten: memory stays bounded
