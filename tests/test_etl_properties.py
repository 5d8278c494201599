"""Invariants: however the same records are split into files, ordered and spread over runs,
the warehouse ends with the same counts and the same rollups."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from newsdash.settings import Settings
from tests.support.inputs import BOT_UA, event, load, query, write_jsonl

# A fixed pool: repeated ids are exact copies (a redelivery), so "first occurrence" cannot
# depend on order; two invalid records; one bot.
POOL = [
    event(
        f"e{i}",
        time=f"2025-10-30T{20 + i % 4}:{i:02d}:00+09:00",
        kind=["view", "like", "view", "comment"][i % 4],
        article=f"A{i % 3}",
        session_id=f"s{i % 5}",
    )
    for i in range(12)
] + [
    event("sh1", kind="share", channel="kakaotalk", session_id="s1"),
    event("sh2", kind="share", channel="Twitter"),
    event("bot1", user_agent=BOT_UA, session_id="s9"),
    event("bad1", kind="click"),
    event("bad2", time="2025-10-30 21:00:00"),
]
RECORDS = POOL + POOL[:5] + POOL[3:6]  # 8 redelivered copies


def load_in_pieces(tmp: Path, order: list[int], cuts: list[int], runs: list[int]) -> Settings:
    settings = Settings(
        db=tmp / "nd.duckdb", inbox=tmp / "inbox", export_dir=tmp / "x", export_after_etl=False
    )
    shuffled = [RECORDS[i] for i in order]
    bounds = [0, *sorted(set(cuts)), len(shuffled)]
    files = [
        write_jsonl(tmp / f"part{n:02d}.jsonl", shuffled[a:b])
        for n, (a, b) in enumerate(itertools.pairwise(bounds))
        if b > a
    ]
    for run, group in itertools.groupby(enumerate(files), key=lambda nf: runs[nf[0] % len(runs)]):
        load(settings, *[f for _, f in group])
        del run
    return settings


def redelivered_records(folder: Path) -> int:
    seen, again = set(), 0
    for piece in sorted(folder.glob("part*.jsonl")):
        data = piece.read_bytes()
        if data in seen:
            again += data.count(b"\n")
        seen.add(data)
    return again


def snapshot(settings: Settings) -> dict:
    return {
        "totals": query(settings, "SELECT sum(loaded), sum(rejected), sum(bots) FROM files"),
        "duplicates": query(settings, "SELECT sum(duplicates) FROM files")[0][0],
        "hourly": query(
            settings,
            "SELECT hour, article_id, event_type, channel, events FROM hourly ORDER BY ALL",
        ),
        "readers": query(
            settings,
            "SELECT DISTINCT r.hour, k.article_id, s.session_id FROM readers_by_article AS r "
            "JOIN article_keys AS k USING (article_key) JOIN sessions AS s USING (session_key) "
            "ORDER BY ALL",
        ),
        "daily": query(
            settings,
            "SELECT DISTINCT d.day, s.session_id FROM daily_readers AS d "
            "JOIN sessions AS s USING (session_key) ORDER BY ALL",
        ),
        "bots": query(
            settings, "SELECT hour, sum(events), sum(bots) FROM hourly_bots GROUP BY 1 ORDER BY 1"
        ),
    }


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict:
    """All records in one file, one run."""
    reference = snapshot(
        load_in_pieces(tmp_path_factory.mktemp("ref"), list(range(len(RECORDS))), [], [0])
    )
    assert reference["totals"] == [(15, 2, 1)] and reference["duplicates"] == 8
    return reference


@hyp_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(range(len(RECORDS))),
    cuts=st.lists(st.integers(1, len(RECORDS) - 1), max_size=5),
    runs=st.lists(st.integers(0, 2), min_size=1, max_size=6),
)
def test_split_order_and_runs_never_change_counts(tmp_path_factory, expected, order, cuts, runs):
    folder = tmp_path_factory.mktemp("pieces")
    got = snapshot(load_in_pieces(folder, order, cuts, runs))
    # A piece with the same bytes as an earlier one is a redelivered file: the ledger skips
    # it whole, so its records are not read again (and not counted as duplicates).
    assert got["duplicates"] + redelivered_records(folder) == expected["duplicates"]
    assert {**got, "duplicates": None} == {**expected, "duplicates": None}
