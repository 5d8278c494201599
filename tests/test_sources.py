"""Traffic sources (issue 17): the classifier, its two paths, and the accounting of views.

The readable cases are in tests/data/sources_cases.csv, one event a line with the class a
reader can check by eye (and why); hostile referrers are built here, where control characters
and 5,000-character strings can be written down.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.etl.sources import GROUPS, Source, classify, classify_input, source_key
from newsdash.etl.sources_rules import DATA_DIR, rules_from_config
from newsdash.settings import DEFAULTS_FILE as DEFAULTS
from newsdash.settings import ConfigError, merge, read_toml
from newsdash.sql import store

CASES_FILE = Path(__file__).parent / "data" / "sources_cases.csv"
KAKAO_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 KAKAOTALK 10.8.5"
CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36"
FIXED_OTHER_NAMES = {"(invalid referrer)", "(non-web referrer)", "(IP address)"}


def read_cases() -> list[dict]:
    with CASES_FILE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for field in ("referrer", "url", "user_agent", "campaign"):
            row[field] = row[field] or None
    return rows


CASES = read_cases()

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:,https://search.naver.com/",
    "http://[::1",
    "http://[<script>]/",
    "https://",
    "https:///search.naver.com/",
    "//search.naver.com/search.naver",
    "/relative/path",
    "?utm_source=x",
    "https:search.naver.com",
    "https://search.naver.com\x00.evil/",
    "https://naver\r\n.com/",
    "https://nav\x1bver.com/",
    "\x00",
    " ",
    "\t\n",
    "\u202ehttps://search.naver.com/",
    " https://search.naver.com/",
    "https://" + "a" * 5000,
    "https://" + "a." * 2500 + "com/",
    "https://search.naver.com:99999/",
    "https://search.naver.com:port/",
    "https://exa mple.com/",
    "https://-bad-.com/",
    "https://a..b/",
    "https://%6Eaver.com/",
    "file:///etc/passwd",
    "ftp://ftp.naver.com/",
    "mailto:editor@example.com",
    "about:blank",
    "chrome://newtab/",
    "<script>alert(1)</script>",
    "https://127.0.0.1:8080/",
    "http://0x7f000001/",
    "http://2130706433/",
]


def test_hand_built_file_classifies_as_written():
    wrong = []
    for line, case in enumerate(CASES, start=2):
        got = classify(case["referrer"], case["url"], case["user_agent"])
        expected = Source(case["group"], case["name"], case["campaign"])
        if got != expected:
            wrong.append(f"line {line} ({case['why']}): {got} != {expected}")
    assert not wrong, "\n".join(wrong)
    assert {c["group"] for c in CASES} == set(GROUPS)  # the file covers every group


@pytest.mark.parametrize("referrer", HOSTILE, ids=lambda r: repr(r[:40]))
def test_hostile_and_malformed_referrers_are_other(referrer):
    source = classify(referrer, None, KAKAO_UA)
    assert source.group == "other"
    assert source.name in FIXED_OTHER_NAMES


def test_a_long_url_on_a_known_host_is_classified_by_its_host():
    assert classify("https://search.naver.com/search.naver?query=" + "q" * 5000, None, None) == (
        "search",
        "Naver",
        None,
    )


def test_an_empty_referrer_is_direct_unless_an_in_app_browser_says_otherwise():
    assert classify(None, None, CHROME_UA).group == "direct"
    assert classify("", None, CHROME_UA).group == "direct"
    assert classify("", None, None).group == "direct"
    assert classify("", None, KAKAO_UA) == ("messenger", "KakaoTalk", None)


def test_utm_text_is_decoded_cleaned_and_cut():
    url = "https://www.example-news.test/a?utm_source=%E2%80%AEevil%0D%0Aname&utm_campaign="
    assert classify(None, url + "%00x%1By", None) == ("campaign", "evil name", "x y")
    long_source = classify(None, "https://s.test/?utm_source=" + "A" * 5000, None)
    assert long_source == ("campaign", "a" * 100, None)
    broken = classify(None, "https://s.test/?utm_source=%ZZ%E2%80&utm_medium=%", None)
    assert broken.group == "campaign" and broken.name == "%zz\ufffd"


URLISH = st.builds(
    lambda scheme, sep, host, rest: scheme + sep + host + rest,
    st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", "data", ""]),
    st.sampled_from(["://", ":", "//", ":///", ""]),
    st.one_of(
        st.sampled_from(
            ["search.naver.com", "www.example-news.test", "t.co", "[::1]", "뉴스.한국"]
        ),
        st.text(max_size=30),
    ),
    st.text(max_size=40),
)
TEXT = st.one_of(st.none(), st.text(max_size=80), URLISH)
PAGE = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.builds(lambda q: "https://www.example-news.test/a?" + q, st.text(max_size=60)),
    st.builds(
        lambda s, m, c: f"https://x.test/?utm_source={s}&utm_medium={m}&utm_campaign={c}",
        st.text(max_size=20),
        st.text(max_size=20),
        st.text(max_size=20),
    ),
)
AGENT = st.one_of(st.none(), st.text(max_size=40), st.sampled_from([KAKAO_UA, CHROME_UA]))


@given(TEXT, PAGE, AGENT)
@hyp_settings(max_examples=400, deadline=None)
def test_classify_is_total_and_returns_one_of_the_eight_groups(referrer, url, agent):
    source = classify(referrer, url, agent)
    assert source.group in GROUPS
    assert isinstance(source.name, str) and source.name
    assert source.name.isprintable() and len(source.name) <= 253
    if source.group == "other" and source.name not in FIXED_OTHER_NAMES:
        assert "/" not in source.name and ":" not in source.name  # a host name, never a URL


@functools.cache
def _connection():
    return store.Database(None, ZoneInfo("Asia/Seoul"), read_only=False).connect()


def _sql_path(rows: list[tuple]) -> list[Source]:
    """The ETL's path on a fresh map: distinct keys classified once, events joined to them."""
    con = _connection().cursor()
    con.execute("DROP TABLE IF EXISTS source_map")
    frame = pd.DataFrame(rows, columns=["referrer", "url", "user_agent"], dtype=object)
    frame.insert(0, "i", range(len(frame)))
    con.register("source_input", frame)
    try:
        classify_input(con)
        out = store.rows(con, "etl/event_sources")
    finally:
        con.unregister("source_input")
    by_row = {r[0]: Source(*r[-3:]) for r in out}
    assert len(out) == len(rows) == len(by_row)
    return [by_row[i] for i in range(len(rows))]


def test_vectorised_path_equals_the_pure_function_on_every_case():
    rows = [(c["referrer"], c["url"], c["user_agent"]) for c in CASES]
    rows += [(h, None, KAKAO_UA) for h in HOSTILE] + [(None, h, None) for h in HOSTILE]
    assert _sql_path(rows) == [classify(*r) for r in rows]


NO_SURROGATES = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
SQL_TEXT = st.one_of(st.none(), NO_SURROGATES, URLISH.filter(lambda s: s.isprintable()))


@given(st.lists(st.tuples(SQL_TEXT, st.one_of(SQL_TEXT, PAGE), SQL_TEXT), max_size=25))
@hyp_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_sql_macros_cut_every_string_as_the_python_keys(rows):
    con = _connection().cursor()
    store.execute(con, "etl/source_macros")
    frame = pd.DataFrame(rows, columns=["referrer", "url", "user_agent"], dtype=object)
    con.register("t", frame)
    got = con.execute(
        "SELECT source_referrer_key(referrer), source_utm_source(url), source_utm_medium(url),"
        " source_utm_campaign(url),"
        " source_agent_key(source_referrer_key(referrer), user_agent) FROM t"
    ).fetchall()
    con.unregister("t")
    assert [tuple(r) for r in got] == [tuple(source_key(*r)) for r in rows]


def test_each_distinct_key_is_classified_once():
    con = store.Database(None, ZoneInfo("Asia/Seoul"), read_only=False).connect()
    con.execute("CREATE TABLE ev (referrer VARCHAR, url VARCHAR, user_agent VARCHAR)")
    con.execute(
        "INSERT INTO ev VALUES"
        " ('https://search.naver.com/search.naver?query=a', NULL, $ua),"
        " ('https://search.naver.com/search.naver?query=b', NULL, $ua),"  # same host: one key
        " ('https://m.search.naver.com/x', NULL, $ua),"  # another host: another key
        " (NULL, NULL, $kakao), (NULL, NULL, $kakao), ('', NULL, $ua)",
        {"ua": CHROME_UA, "kakao": KAKAO_UA},
    )
    con.execute("CREATE TEMP VIEW source_input AS SELECT * FROM ev")
    assert classify_input(con) == 4
    assert classify_input(con) == 0  # known keys are not classified again
    con.execute("INSERT INTO ev VALUES ('https://t.co/x', NULL, NULL)")
    assert classify_input(con) == 1


ACCOUNTING_EVENTS = [
    # article, time (UTC), referrer, url, user agent
    ("A1", "2025-10-30 12:05", "https://search.naver.com/search.naver?query=x", None, CHROME_UA),
    ("A1", "2025-10-30 12:10", "https://m.search.naver.com/search.naver?q=y", None, CHROME_UA),
    ("A1", "2025-10-30 12:40", None, None, KAKAO_UA),
    ("A1", "2025-10-30 12:59", None, None, CHROME_UA),
    ("A1", "2025-10-30 13:00", "javascript:alert(1)", None, CHROME_UA),
    ("A1", "2025-10-30 13:30", "https://v.daum.net/v/1", None, KAKAO_UA),
    ("A2", "2025-10-30 12:30", "https://t.co/a", "https://e.test/a2?utm_source=nl&utm_medium=email", None),
    ("A2", "2025-10-30 12:31", "https://www.example-news.test/a/1", None, CHROME_UA),
    ("A2", "2025-10-30 12:32", "https://www.example-news.test/a/1", None, CHROME_UA),
    ("A2", "2025-10-30 14:00", "http://[::1", None, None),
]  # fmt: skip


def _accounting_db():
    con = store.Database(None, ZoneInfo("Asia/Seoul"), read_only=False).connect()
    con.execute(
        "CREATE TABLE events (article_id VARCHAR, event_time TIMESTAMPTZ, referrer VARCHAR,"
        " url VARCHAR, user_agent VARCHAR)"
    )
    con.executemany(
        "INSERT INTO events VALUES (?, ?::TIMESTAMP AT TIME ZONE 'UTC', ?, ?, ?)",
        ACCOUNTING_EVENTS,
    )
    con.execute("CREATE TEMP VIEW source_input AS SELECT * FROM events")
    classify_input(con)
    return con


def _per_hour(con, query: str) -> dict:
    rows = con.execute(query).fetchall()
    return {(r[0], r[1].isoformat()): r[2] for r in rows}


VIEWS_PER_HOUR = (
    "SELECT article_id, date_trunc('hour', event_time), count(*) FROM events GROUP BY ALL"
)


def _sources_per_hour(con) -> str:
    """Per event (etl/event_sources), then counted by article, hour and source in plain SQL."""
    con.execute("CREATE OR REPLACE TEMP TABLE sourced AS " + store.query_text("etl/event_sources"))
    return (
        "SELECT article_id, hour, sum(views) FROM (SELECT article_id, date_trunc('hour', event_time)"
        " AS hour, source_group, source_name, count(*) AS views FROM sourced GROUP BY ALL)"
        " GROUP BY ALL"
    )


def _rollup_per_hour(con) -> str:
    """The rollup query (etl/source_hourly), summed over sources."""
    con.execute("CREATE OR REPLACE TEMP TABLE hourly AS " + store.query_text("etl/source_hourly"))
    return "SELECT article_id, hour, sum(events) FROM hourly GROUP BY ALL"


def test_sources_sum_to_the_views_of_every_article_and_hour():
    con = _accounting_db()
    views = _per_hour(con, VIEWS_PER_HOUR)
    assert views == {
        ("A1", "2025-10-30T21:00:00+09:00"): 4,
        ("A1", "2025-10-30T22:00:00+09:00"): 2,
        ("A2", "2025-10-30T21:00:00+09:00"): 3,
        ("A2", "2025-10-30T23:00:00+09:00"): 1,
    }
    assert _per_hour(con, _sources_per_hour(con)) == views
    assert _per_hour(con, _rollup_per_hour(con)) == views
    by_source = con.execute(
        "SELECT source_group, source_name, count(*) FROM sourced GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert by_source == [
        ("campaign", "nl", 1), ("direct", "(direct)", 1), ("internal", "(internal)", 2),
        ("messenger", "KakaoTalk", 1), ("other", "(invalid referrer)", 1),
        ("other", "(non-web referrer)", 1), ("portal_news", "Daum News", 1),
        ("search", "Naver", 2),
    ]  # fmt: skip
    rollup = con.execute(
        "SELECT source_group, source_name, sum(events)::INTEGER FROM hourly GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert rollup == by_source
    a1_21h = con.execute(
        "SELECT source_name, events FROM hourly WHERE article_id = 'A1'"
        " AND hour = '2025-10-30 21:00:00+09' ORDER BY ALL"
    ).fetchall()
    assert a1_21h == [("(direct)", 1), ("KakaoTalk", 1), ("Naver", 2)]


def test_an_event_whose_key_is_missing_from_the_map_is_other_not_lost():
    con = _accounting_db()
    con.execute("DELETE FROM source_map WHERE source_name = 'Naver'")
    views = _per_hour(con, VIEWS_PER_HOUR)
    assert _per_hour(con, _sources_per_hour(con)) == views
    assert _per_hour(con, _rollup_per_hour(con)) == views
    unclassified = con.execute(
        "SELECT source_group, count(*) FROM sourced WHERE source_name = '(unclassified)' GROUP BY 1"
    ).fetchall()
    assert unclassified == [("other", 2)]


def test_a_config_file_adds_hosts_and_own_domains_key_by_key():
    user = {
        "sources": {
            "own_domains": ["글로벌경제.kr"],
            "hosts": {"example.org": ["social", "Example"], "naver.com": ["search", "Naver"]},
        }
    }
    rules = rules_from_config(merge(read_toml(DEFAULTS), user))
    assert classify("https://m.example.org/x", None, None, rules) == ("social", "Example", None)
    assert classify("https://www.naver.com/", None, None, rules).group == "search"
    assert classify("https://search.daum.net/", None, None, rules).name == "Daum"  # kept
    for own in ("https://www.글로벌경제.kr/a", "https://www.xn--289ayxl1uske5or.kr/a"):
        assert classify(own, None, None, rules).group == "internal"
    assert classify("https://www.example-news.test/", None, None, rules).group == "other"


@pytest.mark.parametrize(
    "sources, message",
    [
        ({"hosts": {"naver.com": ["portal", "Naver"]}}, "hosts.naver.com: unknown group 'portal'"),
        ({"hosts": {"naver.com": "search"}}, 'hosts.naver.com: write ["group", "name"]'),
        ({"own_domains": ["exa mple.com"]}, "own_domains: 'exa mple.com' is not a host name"),
        ({"utm_medium": {"email": "mail"}}, "utm_medium.email: unknown group 'mail'"),
        ({"own_domains": "example.com"}, "own_domains: must be a list, not 'example.com'"),
        ({"in_app": {"": ["social", "X"]}}, "in_app: an empty token would match every"),
        ({"in_app": {"X/": ["social", " "]}}, 'in_app.X/: write ["group", "name"]'),
    ],
)
def test_a_bad_sources_setting_is_named(sources, message):
    with pytest.raises(ConfigError, match=re.escape(f"newsdash.toml: [sources] {message}")):
        rules_from_config({"sources": sources}, "newsdash.toml")


def test_the_referrer_lists_ship_with_their_licence():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC0" in (DATA_DIR / "LICENSE").read_text(encoding="utf-8")[:200]
    assert "matomo-org/searchengine-and-social-list" in readme and "CC0" in readme
    for name in ("SearchEngines.yml", "Socials.yml"):
        assert name in readme and (DATA_DIR / name).stat().st_size > 1000


def test_classification_needs_no_network(tmp_path):
    """A fresh process whose sockets all fail classifies as usual: the lists and the Public
    Suffix List are read from the installed package."""
    script = textwrap.dedent("""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network used")
        socket.socket = socket.create_connection = socket.getaddrinfo = refuse
        from newsdash.etl.sources import classify
        print(classify("https://news.google.co.kr/", None, None).name)
        print(classify("https://blog.example.co.uk/", None, None).name)
        print(classify("https://www.bing.com/", None, None).name)
    """)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["Google News", "example.co.uk", "Bing"]
    assert not any(tmp_path.iterdir())  # nothing cached or downloaded
