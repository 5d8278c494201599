"""What one request line says, whatever the log's format, and the small conversions every format
shares (times, client addresses, escaped text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone


class Malformed(Exception):
    """The line is not a request of the expected format; `field` names what is wrong."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.detail = detail


@dataclass(slots=True)
class Hit:
    client: str  # address as logged (IPv4, IPv6, ip:port, [v6]:port); only ever hashed
    when: str  # the instant as ISO-8601 with its offset (datetime.isoformat()), the event_time
    method: str
    target: str  # path and query string
    status: int
    referrer: str
    user_agent: str
    forwarded_for: str = ""  # an X-Forwarded-For field after the user agent, if the log has one


MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}  # fmt: skip
CLF_TIME = re.compile(
    r"(\d{1,2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2})"
)
ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|.)")


class TimeCache:
    """Times as ISO-8601 text by the text logged: a log repeats each second many times."""

    def __init__(self, parse: Callable[[str], datetime]) -> None:
        self.parse = parse
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        when = self.cache.get(text)
        if when is None:
            if len(self.cache) > 50_000:
                self.cache.clear()
            when = self.cache[text] = self.parse(text).isoformat()
        return when


class ClfTimes:
    """`[10/Oct/2000:13:55:36 -0700]` times as ISO-8601 text, parsed once an hour: the usual
    fixed-width form is cut into its hour (parsed by clf_time, cached) and its minute and second
    (two digits each, 00-59, put in place); anything else goes to clf_time whole."""

    def __init__(self) -> None:
        self.hours: dict[str, tuple[str, str]] = {}  # hour and offset text → ISO head and tail

    def __call__(self, text: str) -> str:
        minute, second = text[15:17], text[18:20]
        if (
            len(text) == 26
            and (minute + second).isascii()
            and (minute + second).isdigit()
            and minute < "60"
            and second < "60"
        ):
            hour = self.hours.get(key := text[:14] + text[20:])
            if hour is None:
                hour = self.hour(key, text)
            return hour[0] + minute + ":" + second + hour[1]
        return clf_time(text).isoformat()

    def hour(self, key: str, text: str) -> tuple[str, str]:
        iso = clf_time(text).isoformat()  # the whole text: a bad field is named as ever
        if len(self.hours) > 50_000:
            self.hours.clear()
        found = self.hours[key] = (iso[:14], iso[19:])  # 2000-10-10T13: | -07:00
        return found


ZONES: dict[str, timezone] = {}


def clf_time(text: str) -> datetime:
    """`10/Oct/2000:13:55:36 -0700` (offsets that are not whole hours, like +0330, too)."""
    # The usual fixed-width form by slicing (4× faster than the regex), anything else below.
    digits = text[0:2] + text[7:11] + text[12:14] + text[15:17] + text[18:20] + text[22:26]
    month = MONTHS.get(text[3:6])
    if len(text) == 26 and month and digits.isdigit() and text[21] in "+-" and digits.isascii():
        zone = ZONES.get(text[21:])
        if zone is None:
            zone = ZONES[text[21:]] = clf_zone(text[21], text[22:24], text[24:26])
        try:
            return datetime(int(text[7:11]), month, int(text[0:2]), int(text[12:14]),
                            int(text[15:17]), int(text[18:20]), tzinfo=zone)  # fmt: skip
        except ValueError as exc:
            raise Malformed("time", f"{text!r}: {exc}") from None
    return clf_time_slowly(text)


def clf_zone(sign: str, hours: str, minutes: str) -> timezone:
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset >= timedelta(hours=24):
        raise Malformed("time", f"{sign}{hours}{minutes} is not a UTC offset")
    return timezone(-offset if sign == "-" else offset)


def clf_time_slowly(text: str) -> datetime:
    m = CLF_TIME.fullmatch(text)
    if not m or m[2] not in MONTHS:
        raise Malformed("time", f"{text!r} is not a [day/Mon/year:hh:mm:ss +hhmm] time")
    day, mon, year, hh, mm, ss, sign, oh, om = m.groups()
    try:
        return datetime(int(year), MONTHS[mon], int(day), int(hh), int(mm), int(ss),
                        tzinfo=clf_zone(sign, oh, om))  # fmt: skip
    except ValueError as exc:
        raise Malformed("time", f"{text!r}: {exc}") from None


def iso_time(text: str) -> datetime:
    """An ISO-8601 time with an offset (nginx $time_iso8601); without one it is not an instant."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise Malformed("time", f"{text!r} is not an ISO-8601 time") from None
    if when.tzinfo is None:
        raise Malformed("time", f"{text!r} has no UTC offset")
    return when


def epoch_time(value: float) -> datetime:
    """Seconds since the epoch (Caddy's `ts`), or milliseconds/microseconds when that large."""
    seconds = float(value)
    while seconds > 1e11:
        seconds /= 1000
    return datetime.fromtimestamp(seconds, UTC)


def unescape(text: str) -> str:
    """Apache's `\\"` and `\\\\`, nginx's `\\x22`: back to the characters they stand for."""
    if "\\" not in text:
        return text
    return ESCAPE.sub(_unescape_one, text)


def _unescape_one(m: re.Match) -> str:
    code = m[1]
    if code[0] == "x" and len(code) == 3:
        return chr(int(code[1:], 16))
    return {"n": "\n", "t": "\t"}.get(code, code)


def client_address(logged: str) -> str:
    """The address without a port: `1.2.3.4:5678` → `1.2.3.4`, `[2001:db8::1]:443` →
    `2001:db8::1`; a bare IPv6 address (several colons) stays as it is."""
    if logged.startswith("["):
        return logged[1 : logged.find("]")] if "]" in logged else logged
    if logged.count(":") == 1:
        return logged.split(":", 1)[0]
    return logged


def reader_address(hit: Hit, trust_forwarded: bool) -> str:
    """The reader's address for the session hash: the last X-Forwarded-For address (the one the
    site's own proxy added) when the log carries one and it is trusted, else the client."""
    if trust_forwarded and hit.forwarded_for not in ("", "-"):
        last = hit.forwarded_for.split(",")[-1].strip()
        if last and last != "-":
            return client_address(last)
    return client_address(hit.client)


def split_request(request: str) -> tuple[str, str]:
    """`GET /path?q HTTP/1.1` → (method, target). What a server logs for a connection that sent
    no request (`-`, a TLS handshake on the HTTP port) is a real line with no method: ("", the
    text), counted under `method`, not `malformed`."""
    parts = request.split(" ")
    if (len(parts) == 3 and parts[2].startswith("HTTP/")) or len(parts) == 2:
        return parts[0], parts[1]
    return "", request


def status_code(text: str) -> int:
    if len(text) == 3 and text.isdigit():
        return int(text)
    raise Malformed("status", f"{text[:20]!r} is not an HTTP status")
