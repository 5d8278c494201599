"""GA4 BigQuery export rows (`events_YYYYMMDD`, as newline-delimited JSON or Parquet) to contract
events: `page_view` → view (its `page_view_id` its own derived event id), `share` → share (its
`method` mapped to our channels; an unknown method is counted, not loaded), `page_referrer` →
referrer, the session from `user_pseudo_id` + `ga_session_id`, hashed. Every other event name is
counted as `other_event`.

`engagement_time_msec` becomes engaged time (etl/imports/ga4_engaged.py): the rows that say where
it belongs are kept while the file streams by, and the page views get their `engage` events once
it is read (on a `page_view` it belongs to the page before, as dbt-ga4 notes). GA4 sends no user
agent in the export and drops known bots itself: no imported GA4 event is flagged as a crawler.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdash.etl.imports.articles import Articles
from newsdash.etl.imports.counts import FileCounts
from newsdash.etl.imports.ga4_engaged import EngagedTime, engagement_ms, scroll_pct
from newsdash.etl.imports.lines import LineIds, LineReader
from newsdash.etl.imports.sessions import Sessions

CHANNELS = {
    "facebook": "facebook", "fb": "facebook",
    "x": "x", "twitter": "x",
    "kakaotalk": "kakaotalk", "kakao": "kakaotalk", "kakao_talk": "kakaotalk",
    "line": "line",
    "band": "band", "naver_band": "band",
    "naver": "naver", "naver_blog": "naver",
    "copy_url": "copy_url", "copy": "copy_url", "copy link": "copy_url", "copy_link": "copy_url",
    "clipboard": "copy_url", "url": "copy_url",
}  # fmt: skip
IDENTITY = ("event_timestamp", "event_name", "user_pseudo_id", "event_bundle_sequence_id",
            "batch_page_id", "batch_ordering_id", "batch_event_index")  # fmt: skip
BATCH_ROWS = 10_000


class RowError(ValueError):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


def rows(path: Path) -> Iterator[tuple[int, Any]]:
    """(row number, the row as a dict, or the undecodable line's text) in bounded memory."""
    if path.name.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        number = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                yield number, row
        return
    reader = LineReader(path)
    try:
        for number, raw in reader:
            if raw is None:
                yield number, None
                continue
            try:
                yield number, json.loads(raw)
            except ValueError:
                yield number, None
    finally:
        reader.close()


def params(row: dict) -> dict[str, Any]:
    """event_params as key → its one value (string, int, float or double)."""
    found: dict[str, Any] = {}
    for param in row.get("event_params") or ():
        value = param.get("value") or {}
        for kind in ("string_value", "int_value", "double_value", "float_value"):
            if value.get(kind) is not None:
                found[param.get("key")] = value[kind]
                break
    return found


def event_time(row: dict) -> datetime:
    try:
        micros = int(row["event_timestamp"])
    except (KeyError, TypeError, ValueError):
        raise RowError("event_timestamp", "missing or not microseconds since the epoch") from None
    return datetime.fromtimestamp(micros / 1_000_000, UTC)


class Ga4Events:
    def __init__(
        self,
        articles: Articles,
        sessions: Sessions,
        counts: FileCounts,
        engaged: EngagedTime | None = None,
    ) -> None:
        self.articles = articles
        self.sessions = sessions
        self.counts = counts
        self.engaged = engaged
        self.ids = LineIds("ga4-")

    def row(self, number: int, row: Any) -> str | None:
        counts = self.counts
        counts.lines += 1
        if not isinstance(row, dict):
            counts.reject(number, "malformed", "row", "not a JSON object")
            return None
        try:
            return self.event(number, row)
        except RowError as exc:
            counts.reject(number, "malformed", exc.field, str(exc))
            return None

    def event(self, number: int, row: dict) -> str | None:
        counts = self.counts
        name, values = row.get("event_name"), params(row)
        when = event_time(row)
        engaged, scroll = engagement_ms(values), scroll_pct(name, values)
        counts.engagement_msec += engaged
        location = str(values.get("page_location") or "")
        article = self.articles.article_id(location)
        session = self.session(row, values)
        if name not in ("page_view", "share") or article is None:
            page = name == "page_view" or (article is not None and (engaged or scroll))
            if session is not None and page:  # a page view, or time on an article's page
                self.keep(self.row_id(row, values), session, row, location, article, engaged,
                          scroll)  # fmt: skip
            if article is None and name in ("page_view", "share"):
                counts.reject(number, "not_article")
            else:
                counts.reject(number, "other_event" if name else "malformed", "event_name",
                              "missing")  # fmt: skip
            return None
        event_id = self.event_id(row, values)
        if session is not None and (name == "page_view" or engaged):
            self.keep(event_id, session, row, location, article, engaged, scroll)
        record = {"event_id": event_id, "event_time": when.isoformat(),
                  "event_type": "view", "article_id": article}  # fmt: skip
        if name == "share":
            method = str(values.get("method") or "").strip().lower()
            if method not in CHANNELS:
                counts.reject(number, "unknown_channel")
                counts.unknown_channels[method or "(none)"] += 1
                return None
            record.update(event_type="share", channel=CHANNELS[method])
            counts.shares += 1
        else:
            record["page_view_id"] = event_id  # the page view's engage events name it
            counts.views += 1
        if session is not None:
            record["session_id"] = session
        if referrer := values.get("page_referrer"):
            record["referrer"] = str(referrer)[:2048]
        return json.dumps(record, ensure_ascii=False)

    def session(self, row: dict, values: dict) -> str | None:
        user, session = row.get("user_pseudo_id"), values.get("ga_session_id")
        if user is None or session is None:
            return None
        return self.sessions.ga4(str(user), str(session))

    def keep(self, row_id: str, session: str, row: dict, location: str, article: str | None,
             engaged: int, scroll: int) -> None:  # fmt: skip
        """A row that says where engaged time belongs, for the attribution after the file."""
        if self.engaged is not None:
            self.engaged.add(row_id, session, row, location, article, engaged, scroll)

    def event_id(self, row: dict, values: dict) -> str:
        """The row's identity: its time, name, user and position in its batch (GA4 has no event
        id); two rows alike in all of that stay two events (LineIds counts them)."""
        return self.ids.event_id(identity(row, values))

    def row_id(self, row: dict, values: dict) -> str:
        """The id of a row kept for engaged time only (not an event): its identity's hash, so
        the same row in two files is one (no counting: it costs, and loads nothing)."""
        return "ga4-" + hashlib.blake2b(identity(row, values), digest_size=12).hexdigest()


def identity(row: dict, values: dict) -> bytes:
    found = [str(row.get(key)) for key in IDENTITY]
    found.append(str(values.get("ga_session_id")))
    return "\x00".join(found).encode("utf-8", "surrogateescape")
