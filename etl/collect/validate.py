"""A request body to contract records, or a refusal naming its reason, the event and the field.

A batch is taken whole or refused whole: one bad event refuses the request, and nothing of it is
written. The collector adds `event_time`, `session_id` and `user_agent` itself (a client may not
send them) and makes an `event_id` when the client sent none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_BODY_BYTES = 16 * 1024
MAX_EVENTS = 50
MAX_URL_BYTES = 2000  # url and referrer
MAX_ARTICLE_ID_BYTES = 200
MAX_USER_AGENT_CHARS = 1000  # a header, not the body: longer ones are cut, not refused
ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{1,64}")  # client event_id and page_view_id
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
EVENT_TYPES = ("view", "like", "share", "comment", "engage", "widget_view", "widget_click")
CHANNELS = ("facebook", "x", "kakaotalk", "line", "band", "naver", "copy_url")
CHANNEL_ALIASES = {"twitter": "x"}
CLIENT_FIELDS = ("event_id", "event_type", "article_id", "channel", "referrer", "url",
                 "page_view_id", "engaged_ms", "scroll_pct", "read_to_end", "widget", "position",
                 "target_article_id")  # fmt: skip
MAX_ENGAGED_MS = 86_400_000  # a day: the ETL's limit too (sql/etl/land_events.sql)
MAX_POSITION = 1000
WIDGET_PATTERN = re.compile(r"[a-z0-9_]{1,64}")
SERVER_FIELDS = ("event_time", "session_id", "user_agent")
ALLOWED = frozenset(CLIENT_FIELDS)
CONTENT_TYPES = ("application/json", "text/plain")


@dataclass
class Refusal(Exception):
    """Why a request is refused: `reason` is the stable code counted on /healthz."""

    status: int
    reason: str
    detail: str
    index: int | None = None
    field: str | None = None
    retry_after: int | None = None  # seconds, for 429

    def body(self) -> dict[str, Any]:
        reply: dict[str, Any] = {"error": self.reason, "detail": self.detail}
        if self.index is not None:
            reply["event"] = self.index
        if self.field is not None:
            reply["field"] = self.field
        return reply


def check_content_type(header: str | None) -> None:
    kind = (header or "").split(";", 1)[0].strip().lower()
    if kind not in CONTENT_TYPES:
        raise Refusal(415, "content_type", f"send application/json or text/plain, not {kind!r}")


def check_declared_length(header: str | None) -> None:
    if header is not None and header.isdigit() and int(header) > MAX_BODY_BYTES:
        raise Refusal(413, "too_large", f"the body is over {MAX_BODY_BYTES:,} bytes")


def parse_body(body: bytes) -> list[dict[str, Any]]:
    """One event object or an array of 1 to 50 of them."""
    if len(body) > MAX_BODY_BYTES:
        raise Refusal(413, "too_large", f"the body is over {MAX_BODY_BYTES:,} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refusal(400, "invalid_json", f"not JSON in UTF-8: {exc}") from None
    except RecursionError:
        raise Refusal(400, "invalid_json", "nested too deep") from None
    events = data if isinstance(data, list) else [data]
    if not events:
        raise Refusal(400, "empty_batch", "the array holds no event")
    if len(events) > MAX_EVENTS:
        raise Refusal(413, "too_many_events", f"{len(events)} events; at most {MAX_EVENTS}")
    for index, item in enumerate(events):
        if not isinstance(item, dict):
            raise Refusal(400, "not_an_event", "an event is a JSON object", index)
    return events


def text_field(event: dict, name: str, index: int, limit: int) -> str | None:
    """The field as a string of at most `limit` UTF-8 bytes; None when absent or empty."""
    value = event.get(name)
    if value is None or value == "":
        return None
    if type(value) is str and len(value) <= limit and value.isascii() and not CONTROL.search(value):
        return value  # the usual case, checked in C: short ASCII text (a byte a character)
    return checked_text(value, name, index, limit)


def checked_text(value: object, name: str, index: int, limit: int) -> str:
    """The slow path of text_field: any text, or the reason it is refused."""
    if not isinstance(value, str):
        raise Refusal(400, "bad_field", f"{name} must be a string", index, name)
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate ("\\ud800") is no text
        raise Refusal(400, "bad_field", f"{name} is not valid Unicode", index, name) from None
    if size > limit:
        raise Refusal(400, "field_too_long", f"{name} is over {limit:,} bytes", index, name)
    if CONTROL.search(value):
        raise Refusal(400, "bad_field", f"{name} holds control characters", index, name)
    return value


def id_field(event: dict, name: str, index: int) -> str | None:
    value = text_field(event, name, index, 64)
    if value is not None and not ID_PATTERN.fullmatch(value):
        raise Refusal(400, "bad_field", f"{name} may hold only A-Z a-z 0-9 _ . : -", index, name)
    return value


def event_type(event: dict, index: int) -> str:
    value = text_field(event, "event_type", index, 16)
    if value is None:
        raise Refusal(400, "missing_field", "event_type is required", index, "event_type")
    kind = value.strip().lower()
    if kind not in EVENT_TYPES:
        raise Refusal(400, "bad_event_type", f"event_type {value!r} is not one of "
                      f"{', '.join(EVENT_TYPES)}", index, "event_type")  # fmt: skip
    return kind


def channel(event: dict, kind: str, index: int) -> str | None:
    value = text_field(event, "channel", index, 16)
    if kind != "share":
        if value is not None:
            raise Refusal(400, "bad_channel", "channel is for shares only", index, "channel")
        return None
    name = CHANNEL_ALIASES.get((value or "").strip().lower(), (value or "").strip().lower())
    if name not in CHANNELS:
        raise Refusal(400, "bad_channel", f"a share needs a channel: one of "
                      f"{', '.join(CHANNELS)}", index, "channel")  # fmt: skip
    return name


def check_fields(event: dict, index: int) -> None:
    if event.keys() <= ALLOWED:
        return
    for name in event:
        if name in SERVER_FIELDS:
            raise Refusal(400, "unknown_field", f"{name} is set by the collector", index, name)
        if name not in CLIENT_FIELDS:
            raise Refusal(400, "unknown_field", f"{name!r} is not a field of the contract "
                          f"({', '.join(CLIENT_FIELDS)})", index, str(name)[:64])  # fmt: skip


def number(event: dict, name: str, index: int, low: float, high: float, whole: bool) -> float:
    """A required JSON number from low to high (a whole one when `whole`), or the refusal."""
    value = event.get(name)
    if value is None or value == "":
        raise Refusal(400, "missing_field", f"{name} is required", index, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Refusal(400, "bad_value", f"{name} must be a number", index, name)
    if not low <= value <= high or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise Refusal(400, "bad_value", f"{name} must be {kind} from {low:g} to {high:g}",
                      index, name)  # fmt: skip
    return int(value) if whole else value


def attention_fields(event: dict, kind: str, index: int) -> dict[str, Any]:
    """The fields an engage, widget_view or widget_click needs (issue 22), checked as the ETL
    checks them; none for the other types."""
    if kind == "engage":
        if id_field(event, "page_view_id", index) is None:
            raise Refusal(400, "missing_field", "page_view_id is required", index, "page_view_id")
        fields: dict[str, Any] = {
            "engaged_ms": number(event, "engaged_ms", index, 0, MAX_ENGAGED_MS, whole=True),
            "scroll_pct": number(event, "scroll_pct", index, 0, 100, whole=False),
        }
        end = event.get("read_to_end")
        if end is not None and not isinstance(end, bool):
            raise Refusal(400, "bad_value", "read_to_end must be true or false", index,
                          "read_to_end")  # fmt: skip
        if end is not None:
            fields["read_to_end"] = end
        return fields
    if kind not in ("widget_view", "widget_click"):
        return {}
    widget = text_field(event, "widget", index, 64)
    if widget is None:
        raise Refusal(400, "missing_field", "widget is required", index, "widget")
    if not WIDGET_PATTERN.fullmatch(widget):
        raise Refusal(400, "bad_field", "widget may hold only a-z 0-9 _", index, "widget")
    fields = {"widget": widget,
              "position": number(event, "position", index, 1, MAX_POSITION, whole=True)}  # fmt: skip
    if kind == "widget_click":
        target = text_field(event, "target_article_id", index, MAX_ARTICLE_ID_BYTES)
        if target is None or not target.strip():
            raise Refusal(400, "missing_field", "target_article_id is required", index,
                          "target_article_id")  # fmt: skip
        fields["target_article_id"] = target.strip()
    return fields


def client_record(event: dict, index: int) -> dict[str, Any]:
    """The client's part of one record, checked; absent fields left out."""
    check_fields(event, index)
    kind = event_type(event, index)
    article = text_field(event, "article_id", index, MAX_ARTICLE_ID_BYTES)
    if article is None or not article.strip():
        raise Refusal(400, "missing_field", "article_id is required", index, "article_id")
    record = {
        "event_id": id_field(event, "event_id", index),
        "event_type": kind,
        "article_id": article.strip(),
        "channel": channel(event, kind, index),
        "referrer": text_field(event, "referrer", index, MAX_URL_BYTES),
        "url": text_field(event, "url", index, MAX_URL_BYTES),
        "page_view_id": id_field(event, "page_view_id", index),
        **attention_fields(event, kind, index),
    }
    return {k: v for k, v in record.items() if v is not None}


def client_records(body: bytes) -> list[dict[str, Any]]:
    """Every event of the body checked, or the Refusal of the first that fails."""
    return [client_record(event, i) for i, event in enumerate(parse_body(body))]


def user_agent(header: str | None) -> str | None:
    """The request's User-Agent, cut to a sane length; None when absent or empty."""
    value = (header or "").strip()[:MAX_USER_AGENT_CHARS]
    return value or None
