"""The dashboard's pure parts: URL validation, periods, colours, frame shaping, figures, and
the ranking CSV being the very bytes `newsdash export` writes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from newsdash.dashboard import charts, data, ranking_data, shape
from newsdash.dashboard.filters import Bounds, Filters, preset_range, url_notices
from newsdash.dashboard.palette import (
    CHANNEL_COLORS,
    CHANNEL_LABELS,
    SECTION_COLORS,
    ordered_sections,
    section_colors,
)
from newsdash.dashboard.ui import csv_bytes, plain
from newsdash.exports import export_all
from newsdash.sql import ranking_queries, store

SEOUL = ZoneInfo("Asia/Seoul")
BOUNDS = Bounds(date(2025, 10, 10), date(2025, 10, 30), datetime(2025, 10, 30, 23, tzinfo=SEOUL))


def test_presets_end_at_yesterday_or_the_last_day_with_data():
    assert BOUNDS.reference_day(date(2026, 1, 1)) == date(2025, 10, 30)
    assert BOUNDS.reference_day(date(2025, 10, 30)) == date(2025, 10, 29)  # today is partial
    assert preset_range("Last 7 days", BOUNDS, date(2026, 1, 1)) == (
        date(2025, 10, 24),
        date(2025, 10, 30),
    )
    assert preset_range("Yesterday", BOUNDS, date(2026, 1, 1)) == (date(2025, 10, 30),) * 2


def test_a_period_is_whole_site_time_days():
    f = Filters(
        date(2025, 10, 24), date(2025, 10, 30), (), "day", "Last 7 days", ZoneInfo("Asia/Seoul")
    )
    start, end = f.window()
    assert (start.isoformat(), end.isoformat()) == (
        "2025-10-24T00:00:00+09:00",
        "2025-10-31T00:00:00+09:00",
    )
    assert f.window(-7)[1] == start
    assert f.days == 7


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"period": ["Last 7 days"], "grain": ["week"], "sections": ["ICT"]}, []),
        ({"period": ["Fortnight"]}, ["Unknown period 'Fortnight'"]),
        ({"grain": ["minute"]}, ["Unknown granularity 'minute'"]),
        ({"sections": ["ICT", "Gossip"]}, ["Unknown section(s) in the link, left out: Gossip"]),
        ({"period": ["Custom"], "dates": ["2025-10-12", "2025-10-20"]}, []),
        ({"period": ["Custom"], "dates": ["2025-10-20", "2025-10-12"]}, ["end before they start"]),
        ({"period": ["Custom"], "dates": ["2025-10-12"]}, ["not two YYYY-MM-DD dates"]),
        ({"period": ["Custom"], "dates": ["yesterday", "2025-10-12"]}, ["not two YYYY-MM-DD"]),
        (
            {"period": ["Custom"], "dates": ["2025-09-01", "2025-10-12"]},
            ["outside the loaded data"],
        ),
    ],
)
def test_url_values_are_checked_before_use(params, expected):
    notices = url_notices(params, BOUNDS, ["ICT", "World"])
    assert len(notices) == len(expected)
    for notice, part in zip(notices, expected, strict=True):
        assert part in notice


def test_sections_keep_the_menu_order_and_one_colour_each():
    names = ["World", "(unknown article)", "Zebra", "Synthesis", "Cho Kijo Column", "Column"]
    assert ordered_sections(names) == ["Synthesis", "World", "Column", "Cho Kijo Column", "Zebra",
                                       "(unknown article)"]  # fmt: skip
    colors = section_colors(names)
    assert colors["World"] == SECTION_COLORS["World"] == section_colors([])["World"]
    assert len(set(SECTION_COLORS.values())) == len(SECTION_COLORS), "no two sections share one"
    assert "Zebra" in colors


def test_channels_are_in_the_seed_pages_order_with_fixed_colours():
    assert list(CHANNEL_LABELS.values()) == ["Facebook", "X", "KakaoTalk", "LINE", "BAND",
                                             "NAVER", "Copy URL"]  # fmt: skip
    frame = pd.DataFrame({"channel": ["naver", "facebook"], "shares": [3, 1]})
    totals = shape.channel_totals(frame)
    assert list(totals["channel"]) == list(CHANNEL_LABELS.values())
    assert totals.set_index("channel")["shares"].to_dict()["NAVER"] == 3
    fig = charts.channel_bars(totals)
    assert list(fig.data[0].x) == list(CHANNEL_LABELS.values())
    assert list(fig.data[0].marker.color) == [CHANNEL_COLORS[c] for c in CHANNEL_LABELS.values()]


def test_times_are_drawn_as_site_wall_clock():
    stamps = pd.Series(pd.to_datetime(["2025-10-30T23:00:00+09:00"])).dt.tz_convert("Asia/Seoul")
    assert str(charts.wall_clock(stamps)[0]) == "2025-10-30 23:00:00"
    assert "Asia/Seoul" in charts.time_title("day", "Asia/Seoul (KST)")


def test_heatmap_is_weekday_by_hour():
    frame = pd.DataFrame({"weekday": [1, 7], "hour_of_day": [0, 23], "avg_views": [5.0, 9.0]})
    fig = charts.heatmap(frame, "Asia/Seoul")
    z = fig.data[0].z
    assert (len(z), len(z[0])) == (7, 24)
    assert z[0][0] == 5.0 and z[6][23] == 9.0


def test_parent_sections_sum_their_columns():
    traffic = pd.DataFrame({
        "bucket": ["d1"] * 3, "section": ["Column", "Column", "ICT"],
        "subsection": ["Cho Kijo Column", "Cherry Garden Story", None],
        "event_type": ["view"] * 3, "events": [4, 6, 30],
    })  # fmt: skip
    table = shape.section_table(traffic).set_index("section")
    assert table.loc["Column", "views"] == 10
    assert table.loc["ICT", "share"] == pytest.approx(0.75)


def test_top_lines_fold_the_rest_into_other():
    frame = pd.DataFrame({"bucket": 1, "section": list("abcdefghijk"), "events": range(11)})
    folded = shape.keep_top(frame, "section", 8)
    assert set(folded["section"]) == set("kjihgfed") | {"Other sections"}
    assert folded["events"].sum() == sum(range(11))


def test_table_csv_opens_in_excel_with_korean_and_offsets():
    frame = pd.DataFrame({"title": ["경제"], "at": pd.to_datetime(["2025-10-30T23:00:00+09:00"])})
    frame["at"] = frame["at"].dt.tz_convert("Asia/Seoul")
    text = csv_bytes(frame)
    assert text.startswith(b"\xef\xbb\xbf")
    assert "2025-10-30T23:00:00+09:00" in text.decode("utf-8-sig")


def test_markdown_in_data_is_shown_literally():
    assert plain("**bold** [x](y)") == "\\*\\*bold\\*\\* \\[x\\]\\(y\\)"


def test_ranking_download_is_byte_for_byte_the_export(sample, tmp_path):
    settings = sample
    db = store.published(settings)
    src = data.Source(db, "test-version")
    with db.reading() as con:
        as_of = ranking_queries.default_as_of(con, db)
    shown = ranking_data.results(src, settings, as_of, None, None)
    written = {p.name: p.read_bytes() for p in export_all(settings, tmp_path)}
    assert shown, "the configured rankings"
    for result in shown:
        assert ranking_data.export_csv(result) == written[ranking_data.export_name(result)]
