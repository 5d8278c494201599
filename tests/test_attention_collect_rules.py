"""The collector's validation of attention and box events (issue 22) follows the ETL's contract
check: the same cases are refused there and rejected here, naming the same field."""

from __future__ import annotations

import json

import pytest

from newsdash.etl.collect.validate import Refusal, client_records
from tests.support.inputs import load, query, write_jsonl

ENGAGE = {"event_type": "engage", "article_id": "A1", "page_view_id": "pv1", "engaged_ms": 1500,
          "scroll_pct": 40}  # fmt: skip
BOX = {"event_type": "widget_click", "article_id": "A1", "widget": "most_viewed", "position": 2,
       "target_article_id": "A2"}  # fmt: skip
BAD = [  # (event, reason at the collector, reason in the ETL, field)
    ({**ENGAGE, "engaged_ms": -1}, "bad_value", "bad_value", "engaged_ms"),
    ({**ENGAGE, "engaged_ms": "12"}, "bad_value", None, "engaged_ms"),  # a string: ETL takes it
    ({**ENGAGE, "engaged_ms": 86_400_001}, "bad_value", "bad_value", "engaged_ms"),
    ({**ENGAGE, "engaged_ms": 1.5}, "bad_value", "bad_value", "engaged_ms"),
    ({**ENGAGE, "scroll_pct": 101}, "bad_value", "bad_value", "scroll_pct"),
    ({**ENGAGE, "read_to_end": "yes"}, "bad_value", "bad_value", "read_to_end"),
    (
        {k: v for k, v in ENGAGE.items() if k != "page_view_id"},
        "missing_field",
        "missing_field",
        "page_view_id",
    ),  # fmt: skip
    (
        {k: v for k, v in ENGAGE.items() if k != "scroll_pct"},
        "missing_field",
        "missing_field",
        "scroll_pct",
    ),  # fmt: skip
    ({**BOX, "position": 0}, "bad_value", "bad_value", "position"),
    ({**BOX, "position": 2.5}, "bad_value", "bad_value", "position"),
    (
        {k: v for k, v in BOX.items() if k != "target_article_id"},
        "missing_field",
        "missing_field",
        "target_article_id",
    ),  # fmt: skip
    ({k: v for k, v in BOX.items() if k != "widget"}, "missing_field", "missing_field", "widget"),
]


@pytest.mark.parametrize(("record", "reason", "etl_reason", "field"), BAD)
def test_the_collector_refuses_naming_reason_and_field(record, reason, etl_reason, field):
    with pytest.raises(Refusal) as refused:
        client_records(json.dumps([ENGAGE, record]).encode())
    assert (refused.value.reason, refused.value.field, refused.value.index) == (reason, field, 1)


def test_the_etl_rejects_the_same_records_for_the_same_field(settings, tmp_path):
    stamp = {"event_time": "2025-10-30T21:05:00+09:00"}
    records = [{**r, **stamp, "event_id": f"e{i}"} for i, (r, *_) in enumerate(BAD, start=1)]
    load(settings, write_jsonl(tmp_path / "e.jsonl", records))
    got = dict(query(settings, "SELECT line, [reason, field] FROM quarantine"))
    expected = {i: [etl, field] for i, (_, _, etl, field) in enumerate(BAD, start=1) if etl}
    assert got == expected


def test_good_attention_and_box_events_pass_with_their_values():
    view = {"event_type": "widget_view", "article_id": "A1", "widget": "hot_now", "position": 3}
    got = client_records(json.dumps([{**ENGAGE, "read_to_end": True}, BOX, view]).encode())
    assert got[0]["engaged_ms"] == 1500 and got[0]["read_to_end"] is True
    assert (got[1]["widget"], got[1]["position"], got[1]["target_article_id"]) == (
        "most_viewed", 2, "A2")  # fmt: skip
    assert "target_article_id" not in got[2]
