"""The contract's attention and box events (issue 22) at the ETL: what they need, their limits,
and the reason, line and field of each rejection."""

from __future__ import annotations

from tests.support.inputs import event, load, query, write_csv, write_jsonl


def engage(event_id: str, pv: str = "pv1", ms=1000, pct=50, **extra) -> dict:
    return event(event_id, kind="engage", page_view_id=pv, engaged_ms=ms, scroll_pct=pct, **extra)


def rejected(settings) -> list[tuple]:
    return query(settings, "SELECT line, reason, field, detail FROM quarantine ORDER BY line")


def test_new_event_types_load_with_their_fields(settings, tmp_path):
    records = [
        event("v", page_view_id="pv1"),
        engage("g", ms=12500, pct=80.5, read_to_end=True),
        event("w", kind="widget_view", widget="most_viewed", position=2),
        event(
            "c", kind="widget_click", widget="Most_Viewed", position="2", target_article_id="A2"
        ),  # fmt: skip
    ]
    result = load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    assert result.total("rejected") == 0
    assert query(
        settings,
        """SELECT event_id, page_view_id, engaged_ms, scroll_pct, read_to_end, widget, position,
            target_article_id FROM events ORDER BY event_id""",
    ) == [
        ("c", None, None, None, None, "most_viewed", 2, "A2"),
        ("g", "pv1", 12500, 80.5, True, None, None, None),
        ("v", "pv1", None, None, None, None, None, None),
        ("w", None, None, None, None, "most_viewed", 2, None),
    ]


def test_each_bad_attention_record_is_rejected_with_field_and_reason(settings, tmp_path):
    records = [
        engage("1", ms=-5),  # 1
        engage("2", ms="lots"),  # 2
        engage("3", pct=100.5),  # 3
        engage("4", pct=-1),  # 4
        engage("5", read_to_end="maybe"),  # 5
        event("6", kind="engage", engaged_ms=5, scroll_pct=5),  # 6 no page_view_id
        event("7", kind="widget_view", widget="hot_now", position=0),  # 7
        event("8", kind="widget_view", widget="hot_now", position=1.5),  # 8
        event("9", kind="widget_click", widget="hot_now", position=1),  # 9 no target
        event("10", kind="widget_view", position=1),  # 10 no widget
        engage("11", pv="x" * 65),  # 11 too long
        engage("12", ms=1e300),  # 12 far out of range, and no overflow
        engage("13", ms=0, pct=0, read_to_end=False),  # 13 fine
    ]
    result = load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    assert (result.total("loaded"), result.total("rejected")) == (1, 12)
    got = [(line, reason, field) for line, reason, field, _ in rejected(settings)]
    assert got == [
        (1, "bad_value", "engaged_ms"),
        (2, "bad_value", "engaged_ms"),
        (3, "bad_value", "scroll_pct"),
        (4, "bad_value", "scroll_pct"),
        (5, "bad_value", "read_to_end"),
        (6, "missing_field", "page_view_id"),
        (7, "bad_value", "position"),
        (8, "bad_value", "position"),
        (9, "missing_field", "target_article_id"),
        (10, "missing_field", "widget"),
        (11, "bad_field", "page_view_id"),
        (12, "bad_value", "engaged_ms"),
    ]
    details = {line: detail for line, _, _, detail in rejected(settings)}
    assert details[1] == "engaged_ms -5 is not a whole number of milliseconds from 0 to 86400000"
    assert details[3] == "scroll_pct 100.5 is not a number from 0 to 100"
    assert details[7] == "position 0 is not a whole number from 1 to 1000"
    assert details[11] == "page_view_id is 65 characters, over the limit of 64"


def test_csv_carries_the_same_fields_as_text(settings, tmp_path):
    header = ["event_id", "event_time", "event_type", "article_id", "page_view_id", "engaged_ms",
              "scroll_pct", "read_to_end"]  # fmt: skip
    rows = [
        ["a", "2025-10-30T21:05:00+09:00", "engage", "A1", "pv1", "3000", "25", "1"],
        ["b", "2025-10-30T21:05:00+09:00", "engage", "A1", "pv1", "3k", "25", ""],
    ]
    load(settings, write_csv(tmp_path / "e.csv", header, rows))
    assert query(settings, "SELECT engaged_ms, scroll_pct, read_to_end FROM events") == [
        (3000, 25.0, True)
    ]
    assert query(settings, "SELECT line, reason, field FROM quarantine") == [
        (3, "bad_value", "engaged_ms")
    ]
