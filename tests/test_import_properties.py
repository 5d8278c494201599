"""Invariants of the importer, for any input: ranges of a file hold each of its lines exactly
once, and every line read is exactly one of loaded, skipped or not loaded for one reason."""

from __future__ import annotations

import io
from pathlib import Path
from tempfile import TemporaryDirectory
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdash.etl.imports.access import AccessEvents, Crawlers
from newsdash.etl.imports.articles import Articles
from newsdash.etl.imports.counts import FileCounts
from newsdash.etl.imports.formats import parser_for
from newsdash.etl.imports.lines import LineReader
from newsdash.etl.imports.sessions import Sessions
from tests.support import logs

LINES = st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=12)


@settings(max_examples=40, deadline=None)
@given(lines=LINES, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=4),
       final_newline=st.booleans())  # fmt: skip
def test_ranges_cut_anywhere_hold_every_line_once(lines, cuts, final_newline):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    with TemporaryDirectory() as folder:
        path = Path(folder) / "log"
        path.write_bytes(data)
        whole = [raw for _, raw in LineReader(path)]
        bounds = sorted({0, *(c for c in cuts if c < len(data)), len(data)})
        pieces = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            pieces += [raw for _, raw in LineReader(path, start, end)]
        assert pieces == whole


REAL = [logs.combined(r) for r in logs.REQUESTS]
ANY_LINE = st.one_of(st.sampled_from(REAL), st.text(max_size=60),
                     st.sampled_from(REAL).map(lambda t: t[: len(t) // 2]))  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(ANY_LINE, max_size=15))
def test_every_line_is_loaded_skipped_or_has_one_reason(lines):
    counts = FileCounts("x", "combined")
    sessions = Sessions(b"k" * 32, "site", ZoneInfo("Asia/Seoul"))
    events = AccessEvents(parser_for("combined").parse, Articles(), sessions, Crawlers(), counts)
    out = io.StringIO()
    for number, text in enumerate(lines, 1):
        line = events.line(number, text.encode("utf-8", "surrogatepass").replace(b"\n", b" "))
        if line is not None:
            out.write(line + "\n")
    assert counts.balanced()
    assert out.getvalue().count("\n") == counts.views
