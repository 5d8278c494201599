"""The access-log formats: one parser object per file (W3C logs carry state: their `#Fields:`
header decides the columns, and IIS repeats its header block mid-file).

A parser's `parse(text)` returns a Hit, None for a line that is no request (a W3C directive, a
blank line), or raises Malformed naming the field at fault.

Hand-written patterns rather than `apachelogs`: the two fixed formats need one compiled regex
each (apachelogs builds the same kind of regex from a LogFormat string, then calls strptime per
line, about 4× slower here), and W3C and JSON logs are not Apache formats at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import unquote

from newsdash.etl.imports.hits import (
    ClfTimes,
    Hit,
    Malformed,
    TimeCache,
    clf_time,
    epoch_time,
    iso_time,
    split_request,
    status_code,
    unescape,
)

QUOTED = r'"([^"\\]*(?:\\.[^"\\]*)*)"'  # a quoted field; \" inside it is escaped
COMBINED = (
    r"(\S+) \S+ (\S+) \[([^\]]+)\] " + QUOTED + r" (\S+) \S+"
    r"(?: " + QUOTED + r" " + QUOTED + r")?(?: " + QUOTED + r")?.*"
)
COMBINED_LINE = re.compile(COMBINED, re.S)
VHOST_LINE = re.compile(r"\S+ " + COMBINED, re.S)
FORMATS = ("combined", "vhost_combined", "w3c", "cloudfront", "json")


class ClfParser:
    """nginx/Apache combined (and common, without referrer and agent) and vhost_combined; a
    quoted field after the user agent is taken as X-Forwarded-For, anything after it ignored.

    The hot loop of an import: the usual case (no backslash, `METHOD target HTTP/x`, a
    three-digit status) is handled inline, the rest by the shared helpers."""

    def __init__(self, vhost: bool) -> None:
        self.match = (VHOST_LINE if vhost else COMBINED_LINE).fullmatch
        self.times = ClfTimes()

    def parse(self, text: str) -> Hit | None:
        m = self.match(text)
        if m is None:
            if not text.strip():
                return None
            raise Malformed("line", "not a combined log line")
        client, _user, when, request, status, referrer, agent, forwarded = m.groups()
        if "\\" in request:
            request = unescape(request)
        parts = request.split(" ")
        if len(parts) == 3 and parts[2].startswith("HTTP/"):
            method, target = parts[0], parts[1]
        else:
            method, target = split_request(request)
        if referrer and "\\" in referrer:
            referrer = unescape(referrer)
        if agent and "\\" in agent:
            agent = unescape(agent)
        return Hit(
            client,
            self.times(when),
            method,
            target,
            int(status)
            if len(status) == 3 and status.isascii() and status.isdigit()
            else status_code(status),
            referrer or "",
            agent or "",
            forwarded or "",
        )


W3C_FIELDS = {
    "client": ("c-ip",),
    "method": ("cs-method",),
    "stem": ("cs-uri-stem",),
    "query": ("cs-uri-query",),
    "status": ("sc-status",),
    "referrer": ("cs(referer)", "cs(referrer)"),
    "user_agent": ("cs(user-agent)",),
    "forwarded_for": ("x-forwarded-for", "cs(x-forwarded-for)"),
}


class W3cParser:
    """W3C extended logs (IIS, CloudFront standard logs): `#Fields:` names the columns, every
    `#Fields:` line met (IIS repeats the header block) replaces them. IIS writes a space in a
    value as `+`; CloudFront separates by tabs and percent-encodes the user agent."""

    def __init__(self, cloudfront: bool) -> None:
        self.cloudfront = cloudfront
        self.columns: dict[str, int] | None = None
        self.times = TimeCache(self.w3c_time)

    @staticmethod
    def w3c_time(text: str) -> datetime:
        try:
            return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=UTC)
        except ValueError:
            raise Malformed("time", f"{text!r} is not a W3C date and time (UTC)") from None

    def directive(self, text: str) -> None:
        if text.lower().startswith("#fields:"):
            names = text[len("#fields:") :].split()
            self.columns = {name.lower(): i for i, name in enumerate(names)}

    def value(self, values: Sequence[str], field: str) -> str:
        assert self.columns is not None
        for name in W3C_FIELDS[field]:
            at = self.columns.get(name)
            if at is not None and at < len(values):
                text = values[at]
                return "" if text == "-" else text
        return ""

    def text(self, values: Sequence[str], field: str) -> str:
        raw = self.value(values, field)
        return unquote(unquote(raw)) if self.cloudfront else raw.replace("+", " ")

    def parse(self, text: str) -> Hit | None:
        if text.startswith("#"):
            self.directive(text)
            return None
        if not text.strip():
            return None
        if self.columns is None:
            raise Malformed("#Fields", "a request line before any #Fields: header")
        values = text.split("\t") if "\t" in text else text.split(" ")
        if len(values) != len(self.columns):
            raise Malformed(
                "line", f"{len(values)} values where #Fields: names {len(self.columns)}"
            )
        date, time = values[self.columns.get("date", 0)], values[self.columns.get("time", 1)]
        stem, query = self.value(values, "stem"), self.value(values, "query")
        return Hit(
            self.value(values, "client"),
            self.times(f"{date} {time}"),
            self.value(values, "method"),
            stem + ("?" + query if query else ""),
            status_code(self.value(values, "status")),
            self.text(values, "referrer"),
            self.text(values, "user_agent"),
            self.value(values, "forwarded_for"),
        )


# JSON logs: each field is the first of these dotted keys the record has (nginx's usual
# `log_format ... escape=json` names, then Caddy's). `[import.json_keys]` replaces any of them.
JSON_KEYS: dict[str, tuple[str, ...]] = {
    "client": ("remote_addr", "request.remote_ip", "request.client_ip", "client_ip", "ip"),
    "time": ("time_iso8601", "time_local", "time", "ts", "timestamp", "@timestamp"),
    "method": ("request_method", "request.method", "method"),
    "target": ("request_uri", "request.uri", "uri", "url"),
    "request": ("request",),
    "status": ("status", "response.status"),
    "referrer": ("http_referer", "request.headers.Referer", "referer", "referrer"),
    "user_agent": ("http_user_agent", "request.headers.User-Agent", "user_agent", "agent"),
    "forwarded_for": ("http_x_forwarded_for", "request.headers.X-Forwarded-For"),
}


def dig(record: Mapping, dotted: str):
    """record["request"]["headers"]["User-Agent"] for "request.headers.User-Agent"; a header
    list (Caddy) gives its first value; None when any step is missing."""
    value = record.get(dotted) if dotted in record else record
    if value is record:
        for step in dotted.split("."):
            if not isinstance(value, Mapping) or step not in value:
                return None
            value = value[step]
    if isinstance(value, list):
        value = value[0] if value else None
    return value


def json_time(value) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return epoch_time(value)
    text = str(value)
    return clf_time(text) if "/" in text else iso_time(text.replace("Z", "+00:00"))


class JsonParser:
    """JSON Lines logs (nginx `escape=json`, Caddy): a key map says where each field is."""

    def __init__(self, keys: Mapping[str, Sequence[str]] | None = None) -> None:
        self.keys = {**JSON_KEYS, **{k: tuple(v) for k, v in (keys or {}).items()}}

    def first(self, record: Mapping, field: str):
        for key in self.keys.get(field, ()):
            value = dig(record, key)
            if value is not None:
                return value
        return None

    def text(self, record: Mapping, field: str) -> str:
        value = self.first(record, field)
        return "" if value in (None, "-") else str(value)

    def parse(self, text: str) -> Hit | None:
        if not text.strip():
            return None
        try:
            record = json.loads(text)
        except ValueError:
            raise Malformed("line", "not a JSON object") from None
        if not isinstance(record, dict):
            raise Malformed("line", "not a JSON object")
        when = self.first(record, "time")
        if when is None:
            raise Malformed("time", "no time key (see [import.json_keys])")
        method, target = self.text(record, "method"), self.text(record, "target")
        if not method and (request := self.text(record, "request")):
            method, target = split_request(request)
        status = self.first(record, "status")
        return Hit(
            self.text(record, "client"),
            json_time(when).isoformat(),
            method,
            target,
            status_code(str(status if status is not None else "")),
            self.text(record, "referrer"),
            self.text(record, "user_agent"),
            self.text(record, "forwarded_for"),
        )


def parser_for(name: str, json_keys: Mapping[str, Sequence[str]] | None = None):
    if name == "combined":
        return ClfParser(vhost=False)
    if name == "vhost_combined":
        return ClfParser(vhost=True)
    if name in ("w3c", "cloudfront"):
        return W3cParser(cloudfront=name == "cloudfront")
    if name == "json":
        return JsonParser(json_keys)
    raise ValueError(f"unknown log format {name!r}: use one of {', '.join(FORMATS)} or auto")


def sniff(first_lines: Sequence[str]) -> str:
    """The format of a log from its first lines (`--format auto`)."""
    for text in first_lines:
        if text.startswith("#"):
            fields = next((t.lower() for t in first_lines if t.lower().startswith("#fields:")), "")
            return "cloudfront" if "x-edge-location" in fields else "w3c"
        if text.startswith("{"):
            return "json"
        if COMBINED_LINE.fullmatch(text):
            return "combined"
        if VHOST_LINE.fullmatch(text):
            return "vhost_combined"
    return "combined"
