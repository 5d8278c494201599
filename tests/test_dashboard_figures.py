"""Figures kept between runs (dashboard/figures.py): built once per builder, arguments and
language, and never handed out for other data."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from newsdash.dashboard import charts, figures, i18n

BUILT: Counter[str] = Counter()


def titled(frame: pd.DataFrame) -> go.Figure:
    """A figure whose title says which frame it was built from, and in which language."""
    BUILT["titled"] += 1
    return go.Figure(layout={"title": {"text": f"{i18n._('Shares')} {frame['n'].sum()}"}})


def numbers(rows: int, last: int) -> pd.DataFrame:
    frame = pd.DataFrame({"n": range(rows)})
    frame.loc[rows - 1, "n"] = last
    return frame


def title(fig: go.Figure) -> str:
    return fig.layout.title.text


def test_a_figure_is_built_once_per_data_and_language():
    BUILT.clear()
    i18n.use("en")
    first = figures.figure(titled, numbers(3, 7))
    assert figures.figure(titled, numbers(3, 7)) is first  # an equal frame: kept, not rebuilt
    assert BUILT["titled"] == 1 and title(first) == "Shares 8"
    assert title(figures.figure(titled, numbers(3, 8))) == "Shares 9"
    i18n.use("ko")
    korean = figures.figure(titled, numbers(3, 7))
    assert title(korean) == f"{i18n._('Shares')} 8" != "Shares 8"
    assert BUILT["titled"] == 3
    i18n.use("en")


def test_frames_that_differ_in_any_row_get_their_own_figure():
    """Streamlit's own hashing samples 10,000 rows of a frame of 50,000 or more; a kept figure
    must not be shared by two frames that differ outside such a sample."""
    i18n.use("en")
    rows = 60_000
    one, other = numbers(rows, -1), numbers(rows, -2)
    assert title(figures.figure(titled, one)) != title(figures.figure(titled, other))


def test_the_kept_figure_is_the_builders():
    i18n.use("en")
    totals = pd.DataFrame({"channel": ["Facebook", "X"], "shares": [3, 5]})
    kept = figures.figure(charts.channel_bars, totals, "Shares now")
    assert kept.to_dict() == charts.channel_bars(totals, "Shares now").to_dict()
    assert kept.layout.yaxis.title.text == "Shares now"
