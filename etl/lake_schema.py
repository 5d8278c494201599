"""The lake tables' fixed Arrow schemas, and a batch made to fit one (etl/lake.py writes it).

`dt` is the partition column, the site day: computed here, never taken from the batch.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

PARTITION = "dt"
EVENTS_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("event_time", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("session_id", pa.string()),
        pa.field("channel", pa.string()),
        pa.field("referrer", pa.string()),
        pa.field("user_agent", pa.string()),
        pa.field("is_bot", pa.bool_(), nullable=False),
        pa.field("file_id", pa.int32(), nullable=False),
        pa.field("line", pa.int64()),
        pa.field("url", pa.string()),  # the page URL (UTM parameters), issue 17
        pa.field("source_key", pa.uint64()),  # source_map.key_hash
        pa.field("page_view_id", pa.string()),  # attention and boxes, issue 22
        pa.field("engaged_ms", pa.int64()),
        pa.field("scroll_pct", pa.float64()),
        pa.field("read_to_end", pa.bool_()),
        pa.field("widget", pa.string()),
        pa.field("position", pa.int32()),
        pa.field("target_article_id", pa.string()),
        pa.field(PARTITION, pa.date32(), nullable=False),
    ]
)
QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("file_id", pa.int32(), nullable=False),
        pa.field("line", pa.int64(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("field", pa.string()),
        pa.field("detail", pa.string()),
        pa.field("raw", pa.string()),
        pa.field(PARTITION, pa.date32(), nullable=False),
    ]
)


class LakeError(ValueError):
    """A batch that does not fit the table's schema, named column by column."""


def site_days(instants: pa.Array | pa.ChunkedArray, site_tz: str) -> pa.Array:
    """The site-time calendar day (date32) of each instant."""
    local = pc.local_timestamp(instants.cast(pa.timestamp("us", tz=site_tz)))
    return local.cast(pa.date32())


def as_table(batch: Any) -> pa.Table:
    """An Arrow table from a table, a record batch reader, or anything exporting an Arrow
    stream (a DuckDB relation)."""
    if isinstance(batch, pa.Table):
        return batch
    if isinstance(batch, pa.RecordBatchReader):
        return batch.read_all()
    return pa.RecordBatchReader.from_stream(batch).read_all()


def conform(batch: Any, schema: pa.Schema, days: pa.Array) -> pa.Table:
    """The batch's columns in the table's order and types, with `dt` = `days`."""
    table = as_table(batch)
    wanted = [f.name for f in schema if f.name != PARTITION]
    missing = [name for name in wanted if name not in table.column_names]
    extra = [n for n in table.column_names if n not in schema.names]
    if missing or extra:
        raise LakeError(f"batch columns: missing {missing}, not in the table {extra}")
    body = pa.table({n: table.column(n) for n in wanted}).append_column(PARTITION, [days])
    try:
        return body.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise LakeError(f"batch does not fit the table's schema: {exc}") from exc
