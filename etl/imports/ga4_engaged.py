"""Engaged time from a GA4 export as `engage` events of the attention contract (issues 22, 24).

Each imported `page_view` carries a `page_view_id` (its own derived event id). The rows that say
where engaged time belongs are kept, slim, in the importer's state (`ga4.duckdb` in
`[import] state_dir`: sql/imports/ga4_hits_table.sql) while the file streams by, in batches; once the file is read, the page views of its sessions get their engaged time
from every row of those sessions kept so far (sql/imports/ga4_engaged_page_views.sql), and
each article page view with some becomes one `engage` event: cumulative `engaged_ms` (the sum),
`scroll_pct` (GA4's `scroll` fires at 90 %: `percent_scrolled`, else 90; 0 without one).

The sum covers every file imported so far, so a page view whose engagement is spread over two
export files (a session across midnight) gets its whole time from whichever file comes last:
the largest value wins. The engage's id is a hash of the page view and its values, its time
the view's: the same file again, or any file that changes nothing, gives the same events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa

from newsdash.etl.imports.counts import FileCounts
from newsdash.sql import store

STATE_NAME = "ga4.duckdb"
MEMORY_LIMIT = "128MB"  # DuckDB spills the attribution's sort to disk beyond this
BATCH_ROWS = 10_000
FETCH_ROWS = 10_000
SCROLL_PCT = 90  # GA4 enhanced measurement sends `scroll` once 90 % of the page was seen
MAX_ENGAGED_MS = 86_400_000  # the contract's largest engaged_ms
SCHEMA = pa.schema([
    ("session", pa.uint64()), ("row_key", pa.uint64()), ("page_view_id", pa.string()),
    ("ts", pa.int64()), ("batch_page", pa.int64()), ("batch_order", pa.int64()),
    ("batch_index", pa.int64()), ("location", pa.uint64()), ("article_id", pa.string()),
    ("engaged_ms", pa.int64()), ("scroll_pct", pa.uint8()),
])  # fmt: skip
ID_PREFIX = len("ga4-")
MAX_LOCATIONS = 50_000  # hashed page_locations remembered (memory stays bounded)


def number(value: object) -> float | None:
    """A number of the export: BigQuery's JSON export writes INT64 values as strings."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def engagement_ms(values: dict) -> int:
    """The row's engagement_time_msec, 0 when absent or not a number of ms ≥ 0."""
    engaged = number(values.get("engagement_time_msec"))
    if engaged is None or not engaged >= 0 or engaged == float("inf"):
        return 0
    return int(engaged)


def scroll_pct(name: object, values: dict) -> int:
    """How deep a `scroll` row says the page was seen: its percent_scrolled (1–100), else 90."""
    if name != "scroll":
        return 0
    pct = number(values.get("percent_scrolled"))
    if pct is not None and 0 < pct <= 100:
        return int(pct)
    return SCROLL_PCT


def key64(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def batch_position(row: dict, key: str) -> int | None:
    value = row.get(key)
    if value is None or isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class EngagedTime:
    """The importer's GA4 state: `start_file`, then `add` each row that matters as it is read,
    then `engage_lines` once the file is read."""

    def __init__(self, state_dir: Path, zone: ZoneInfo) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        database = store.Database(state_dir / STATE_NAME, zone, False, MEMORY_LIMIT)
        self.con = database.connect()
        store.execute(self.con, "imports/ga4_state_threads")
        store.execute(self.con, "imports/ga4_hits_table")
        store.execute(self.con, "imports/ga4_files_table")
        self.pending: list[tuple] = []
        self.locations: dict[str, int] = {}  # hashed page_location, for the pages of this file
        self.file_key, self.storing, self.kept = "", False, 0
        self.first_ts: int | None = None
        self.last_ts: int | None = None

    def start_file(self, file_key: str) -> None:
        """A file's rows are stored batch by batch (a transaction holding a whole file would
        grow in memory with it), then its line in ga4_files; a file stored before only names its
        sessions. A killed import's rows are stored again by the rerun, and read once."""
        store.execute(self.con, "imports/ga4_touched_table")
        self.file_key, self.kept, self.first_ts, self.last_ts = file_key, 0, None, None
        [(known,)] = store.rows(self.con, "imports/ga4_file_known", file_key=file_key)
        self.storing = not known

    def add(self, row_id: str, session: str, row: dict, location: str, article: str | None,
            engaged: int, scroll: int) -> None:  # fmt: skip
        """One GA4 row of a session (`session`: its hashed id, hex): a page_view, or a row of
        an article page with engaged time or a scroll."""
        key = self.locations.get(location)
        if key is None:
            if len(self.locations) >= MAX_LOCATIONS:
                self.locations.clear()
            key = self.locations[location] = key64(location)
        ts = int(row["event_timestamp"])
        if self.first_ts is None or ts < self.first_ts:
            self.first_ts = ts
        if self.last_ts is None or ts > self.last_ts:
            self.last_ts = ts
        self.pending.append((
            int(session, 16), int(row_id[ID_PREFIX : ID_PREFIX + 16], 16),
            row_id if row.get("event_name") == "page_view" else None,
            ts, batch_position(row, "batch_page_id"),
            batch_position(row, "batch_ordering_id"), batch_position(row, "batch_event_index"),
            key, article, engaged, scroll,
        ))  # fmt: skip
        if len(self.pending) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        columns = zip(*self.pending, strict=True)
        batch = pa.Table.from_arrays(
            [pa.array(values, type=f.type) for values, f in zip(columns, SCHEMA, strict=True)],
            schema=SCHEMA,
        )
        self.con.register("ga4_hits_batch", batch)
        try:
            if self.storing:
                store.execute(self.con, "imports/add_ga4_hits")
            store.execute(self.con, "imports/add_ga4_touched")
        finally:
            self.con.unregister("ga4_hits_batch")
        self.kept += len(self.pending)
        self.pending.clear()

    def engage_lines(self, counts: FileCounts) -> Iterator[str]:
        """The engage events of the page views of this file's sessions, as inbox lines; the
        engaged ms that went to no article page view counted in `counts`."""
        self.flush()
        if self.storing:
            store.execute(self.con, "imports/add_ga4_file", file_key=self.file_key, rows=self.kept)
            self.storing = False
        if self.first_ts is None:
            return
        result = store.execute(self.con, "imports/ga4_engaged_page_views",
                               from_ts=self.first_ts, to_ts=self.last_ts)  # fmt: skip
        while batch := result.fetchmany(FETCH_ROWS):
            for page_view_id, article_id, view_ts, engaged, scroll in batch:
                if page_view_id is None:
                    counts.engaged_ms_unattributed += engaged
                elif article_id is None:
                    counts.engaged_ms_other_pages += engaged
                else:
                    counts.engaged_views += 1
                    counts.engaged_ms_loaded += engaged
                    yield engage_line(page_view_id, article_id, view_ts, engaged, scroll)

    def close(self) -> None:
        self.con.close()


def engage_line(page_view_id: str, article_id: str, view_ts: int, engaged: int, scroll: int) -> str:
    engaged = min(engaged, MAX_ENGAGED_MS)
    identity = f"{page_view_id}\x00{engaged}\x00{scroll}".encode()
    record = {
        "event_id": "ga4e-" + hashlib.blake2b(identity, digest_size=12).hexdigest(),
        "event_time": datetime.fromtimestamp(view_ts / 1_000_000, UTC).isoformat(),
        "event_type": "engage",
        "article_id": article_id,
        "page_view_id": page_view_id,
        "engaged_ms": engaged,
        "scroll_pct": scroll,
    }
    return json.dumps(record, ensure_ascii=False)
