"""Real reading data (issue 22): EB-NeRD's 8,609 article reads from Ekstra Bladet, each with the
reader's time on the article and the deepest scroll, loaded through the real ETL as a view and
an engage event per read. The product's per-article engaged seconds and scroll reach equal a
count of our own over the CSV. The file is read where it lies, never copied into the repo."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from newsdash.commands import main
from tests.support.inputs import load, query, write_jsonl

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ebnerd_attention.csv"
if not CORPUS.exists():
    pytest.skip(f"no {CORPUS.name} beside the repository", allow_module_level=True)
LEVELS = (25, 50, 75, 90, 100)


def reads() -> list[dict]:
    with CORPUS.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def as_events(read: dict) -> list[dict]:
    """A view and its engage; a read without a scroll figure scrolled 0 % as far as we know."""
    common = {"event_time": read["event_time"], "article_id": read["article_id"],
              "page_view_id": read["read_id"], "session_id": read["user_id"]}  # fmt: skip
    return [
        {**common, "event_id": "v-" + read["read_id"], "event_type": "view"},
        {**common, "event_id": "e-" + read["read_id"], "event_type": "engage",
         "engaged_ms": round(float(read["read_time_s"]) * 1000),
         "scroll_pct": float(read["scroll_pct"] or 0)},
    ]  # fmt: skip


def independent(rows: list[dict]) -> dict[str, dict]:
    """Per article: views, engaged ms (each read capped at 30 min) and reads per scroll level."""
    per: dict[str, dict] = defaultdict(lambda: {"views": 0, "ms": 0, **{n: 0 for n in LEVELS}})
    for read in rows:
        figures = per[read["article_id"]]
        figures["views"] += 1
        figures["ms"] += min(round(float(read["read_time_s"]) * 1000), 1_800_000)
        for level in LEVELS:
            figures[level] += float(read["scroll_pct"] or 0) >= level
    return per


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from newsdash.settings import Settings

    tmp = tmp_path_factory.mktemp("ebnerd")
    settings = Settings(db=tmp / "nd.duckdb", inbox=tmp / "in", export_dir=tmp / "x",
                        export_after_etl=False)  # fmt: skip
    rows = reads()
    result = load(
        settings, write_jsonl(tmp / "ebnerd.jsonl", [e for r in rows for e in as_events(r)])
    )
    assert (result.total("loaded"), result.total("rejected")) == (2 * len(rows), 0)
    return settings, rows


def test_engaged_seconds_and_scroll_reach_per_article_equal_our_own_count(loaded, capsys):
    settings, rows = loaded
    assert main(["attention", "--db", str(settings.db), "--as-of", "2023-03-03T00:00Z",
                 "--hours", str(24 * 35), "--format", "json"]) == 0  # fmt: skip
    got = {r["article_id"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    want = independent(rows)
    assert len(got) == len(want) == 2376
    for article_id, figures in want.items():
        row = got[article_id]
        assert row["views"] == figures["views"], article_id
        assert row["engaged_seconds_total"] == round(figures["ms"] / 1000, 1), article_id
        assert row["engaged_seconds_per_view"] == round(figures["ms"] / 1000 / figures["views"], 1)
        assert row["scroll_reach_50_pct"] == round(100 * figures[50] / figures["views"], 1)


def test_every_scroll_level_per_article_equals_our_own_count(loaded):
    settings, rows = loaded
    reach = query(settings, """SELECT article_id, sum(scroll_25), sum(scroll_50), sum(scroll_75),
        sum(scroll_90), sum(scroll_100) FROM attention_hourly GROUP BY 1""")  # fmt: skip
    want = independent(rows)
    got = {a: list(levels) for a, *levels in reach if any(levels)}  # rows with no change: none
    assert got == {a: [f[n] for n in LEVELS] for a, f in want.items() if f[25]}
    assert len(got) > 1500
