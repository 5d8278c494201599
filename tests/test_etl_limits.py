"""One bad line never withholds a file: a line that is not UTF-8, a line over [limits]
line_bytes, a field over its [limits.chars] limit or a JSON object where text belongs is
rejected alone, with its line number, the field at fault and a bounded excerpt; the rest of
the file loads, and every record read is loaded, a duplicate or rejected."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.settings import ConfigError, Settings, default_limits, load_settings
from tests.support.inputs import event, load, query, write_jsonl

LIMITS = default_limits()
CHARS = LIMITS.chars


def line(record: dict) -> bytes:
    return json.dumps(record).encode()


def write_lines(path: Path, lines: list[bytes]) -> Path:
    """Raw lines, bytes as given, gzip'd when the name ends in .gz."""
    data = b"".join(raw + b"\n" for raw in lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return path


def rejected(settings: Settings) -> list[tuple]:
    return query(settings, "SELECT line, reason, field, detail FROM quarantine ORDER BY line")


def accepted_ids(settings: Settings) -> list[str]:
    return [row[0] for row in query(settings, "SELECT event_id FROM events ORDER BY event_id")]


@pytest.mark.parametrize("name", ["e.jsonl", "e.jsonl.gz"])
def test_a_line_that_is_not_utf8_is_rejected_alone(settings, tmp_path, name):
    f = write_lines(
        tmp_path / name,
        [
            line(event("a")),
            b'{"event_id": "b\xff\xfe", "event_time": "2025-10-30T21:05:00+09:00"}',
            b"",
            line(event("c")),
            line(event("d", kind="click")),
        ],
    )
    result = load(settings, f)
    assert result.exit_code == 0
    (loaded,) = result.files
    assert (loaded.records_read, loaded.loaded, loaded.rejected) == (4, 2, 2)
    assert accepted_ids(settings) == ["a", "c"]
    assert rejected(settings) == [
        (2, "malformed", None, "not valid UTF-8 text"),
        (
            5,
            "bad_event_type",
            "event_type",
            "event_type click is not view, like, share, comment, engage, widget_view or widget_click",
        ),
    ]
    (raw,) = query(settings, "SELECT raw FROM quarantine WHERE line = 2")[0]
    assert raw.startswith('{"event_id": "b') and raw.endswith('"2025-10-30T21:05:00+09:00"}')


def test_an_over_long_line_is_rejected_alone_with_an_excerpt(settings, tmp_path):
    huge = event("big", referrer="https://example.com/?q=" + "x" * LIMITS.line_bytes)
    f = write_lines(tmp_path / "e.jsonl", [line(event("a")), line(huge), line(event("c"))])
    result = load(settings, f)
    assert (result.total("loaded"), result.total("rejected")) == (2, 1)
    ((number, reason, field, detail),) = rejected(settings)
    assert (number, reason, field) == (2, "malformed", None)
    assert detail == f"line over the limit of {LIMITS.line_bytes:,} bytes ([limits] line_bytes)"
    (raw,) = query(settings, "SELECT raw FROM quarantine")[0]
    assert raw == line(huge).decode()[: LIMITS.excerpt_chars]


def test_a_300000_character_event_id_is_not_accepted(settings, tmp_path):
    f = write_jsonl(tmp_path / "e.jsonl", [event("x" * 300_000), event("b")])
    result = load(settings, f)
    assert accepted_ids(settings) == ["b"] and result.total("rejected") == 1


def test_fields_over_their_limit_or_not_text_are_rejected_naming_the_field(settings, tmp_path):
    at_limit = "i" * CHARS["event_id"]
    records = [
        event(at_limit, user_agent="u" * CHARS["user_agent"]),  # exactly at the limits: fine
        event("i" * (CHARS["event_id"] + 1)),
        event("ua", user_agent="u" * (CHARS["user_agent"] + 1)),
        event("ref", referrer="https://x/" + "r" * CHARS["referrer"]),
        event("sess", session_id="s" * (CHARS["session_id"] + 1)),
        event("art", article="A" * (CHARS["article_id"] + 1)),
        event({"nested": "object"}),
        event("arr", article=["A1", "A2"]),
        event("typ", kind={"view": True}),
        event("{not an object}"),  # text that starts with a brace is still text
    ]
    result = load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    assert accepted_ids(settings) == [at_limit, "{not an object}"]
    assert result.total("rejected") == 8
    assert [row[:3] for row in rejected(settings)] == [
        (2, "bad_field", "event_id"),
        (3, "bad_field", "user_agent"),
        (4, "bad_field", "referrer"),
        (5, "bad_field", "session_id"),
        (6, "bad_field", "article_id"),
        (7, "bad_field", "event_id"),
        (8, "bad_field", "article_id"),
        (9, "bad_field", "event_type"),
    ]
    details = [row[3] for row in rejected(settings)]
    assert details[0] == f"event_id is {CHARS['event_id'] + 1} characters, over the limit of 128"
    assert details[5:] == [
        "event_id is a JSON object, not text",
        "article_id is a JSON array, not text",
        "event_type is a JSON object, not text",
    ]


def test_limits_come_from_the_config(tmp_path, monkeypatch):
    config = tmp_path / "newsdash.toml"
    config.write_text(
        "[warehouse]\ndb = 'nd.duckdb'\n[export]\nafter_etl = false\n"
        "[limits]\nline_bytes = 2048\n[limits.chars]\nevent_id = 4\n"
    )
    settings = load_settings(config, env={})
    assert (settings.limits.line_bytes, settings.limits.chars["event_id"]) == (2048, 4)
    assert settings.limits.chars["user_agent"] == CHARS["user_agent"]  # the rest: defaults
    records = [event("abcd"), event("abcde"), event("long", referrer="r" * 3000)]
    result = load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    assert accepted_ids(settings) == ["abcd"]
    assert [row[:3] for row in rejected(settings)] == [
        (2, "bad_field", "event_id"),
        (3, "malformed", None),
    ]
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ("[limits]\nline_bytes = 'big'\n", "[limits] line_bytes must be a whole number"),
        ("[limits]\nline_bytes = 10\n", "at least 1,024"),
        ("[limits.chars]\nevent_id = 0\n", "[limits.chars] event_id must be a whole number"),
        ("[limits.chars]\nevnet_id = 5\n", "unknown key(s) in [limits]: evnet_id"),
    ],
)
def test_a_bad_limit_is_a_config_error_naming_the_key(tmp_path, toml, says):
    config = tmp_path / "newsdash.toml"
    config.write_text(toml)
    with pytest.raises(ConfigError, match=f"^{config}: .*") as caught:
        load_settings(config, env={})
    assert says in str(caught.value)


def test_each_csv_file_quarantines_only_its_own_broken_rows(settings, tmp_path):
    header = "event_id,event_time,event_type,article_id\n"
    row = "{},2025-10-30T21:05:00+09:00,view,A1\n"
    one = tmp_path / "e1.csv"
    one.write_text(header + row.format("a") + "b,x,view,A1,extra\n")
    two = tmp_path / "e2.csv"
    two.write_bytes((header + row.format("c") + row.format("d")).encode() + b"e\xff,x,view,A1\n")
    result = load(settings, one, two)
    assert [(f.records_read, f.loaded, f.rejected) for f in result.files] == [(2, 1, 1), (3, 2, 1)]
    assert query(
        settings,
        "SELECT f.name, r.line, r.reason FROM quarantine r JOIN files f USING (file_id) ORDER BY 1",
    ) == [("e1.csv", 3, "malformed"), ("e2.csv", 4, "malformed")]


def test_article_lines_that_are_not_utf8_are_rejected_alone(settings, tmp_path):
    good = {"article_id": "A1", "title": "서울 경제", "section": "World"}
    f = write_lines(
        tmp_path / "articles.jsonl",
        [
            line(good),
            b'{"article_id": "A2", "title": "\xc0\xaf"}',
            line({**good, "article_id": "A3"}),
        ],
    )
    result = load(settings, f)
    assert (result.files[0].loaded, result.files[0].rejected) == (2, 1)
    assert query(settings, "SELECT article_id FROM articles ORDER BY 1") == [("A1",), ("A3",)]
    assert query(settings, "SELECT line, reason FROM quarantine") == [(2, "malformed")]


# One line of each kind; a file is any sequence of them.
KINDS = {
    "good": lambda n: line(event(f"g{n}")),
    "again": lambda n: line(event("g0")),  # a duplicate once g0 was accepted
    "invalid": lambda n: line(event(f"v{n}", kind="click")),
    "not_utf8": lambda n: b'{"event_id": "u\xff"}',
    "too_long": lambda n: line(event(f"l{n}", referrer="x" * 3000)),
    "long_id": lambda n: line(event("i" * 9 + str(n))),
    "blank": lambda n: b"",
}


@hyp_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kinds=st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=12))
def test_every_line_is_loaded_a_duplicate_or_rejected_at_its_own_number(tmp_path_factory, kinds):
    tmp = tmp_path_factory.mktemp("lines")
    config = tmp / "newsdash.toml"
    config.write_text(
        "[warehouse]\ndb = 'nd.duckdb'\n[export]\nafter_etl = false\n"
        "[limits]\nline_bytes = 2048\n[limits.chars]\nevent_id = 8\n"
    )
    settings = load_settings(config, env={})
    lines = [line(event("g0")), *(KINDS[k](n) for n, k in enumerate(kinds, start=1))]
    f = write_lines(tmp / "e.jsonl.gz", lines)
    result = load(settings, f)
    (done,) = result.files
    records = sum(1 for raw in lines if raw)
    assert done.records_read == records
    assert done.loaded + done.duplicates + done.rejected == records
    bad = {"invalid", "not_utf8", "too_long", "long_id"}
    expected = [n + 2 for n, k in enumerate(kinds) if k in bad]  # line 1 is g0
    assert [row[0] for row in rejected(settings)] == expected
    assert done.duplicates == kinds.count("again")
