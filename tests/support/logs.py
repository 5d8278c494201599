"""Hand-built web-server logs: the same few requests written in each format `newsdash import`
reads, with what each one must count as, so a test can count views and reasons by eye."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

from tests.support.inputs import BOT_UA, BROWSER_UA

__all__ = ["BOT_UA", "BROWSER_UA"]

KST = timezone(timedelta(hours=9))


@dataclass(frozen=True)
class Request:
    client: str
    when: datetime
    method: str
    target: str
    status: int
    referrer: str
    agent: str
    counts_as: str  # view (article id after a colon), or the reason it is not loaded


def at(minute: int, second: int = 0) -> datetime:
    return datetime(2025, 10, 30, 21, minute, second, tzinfo=KST)


ANDROID_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.6723.102 Mobile Safari/537.36"
)
# Eight requests: four views (one by a crawler) of two articles, one of each reason.
REQUESTS = [
    Request("203.0.113.5", at(5), "GET", "/news/view.php?idx=100001&utm_source=x", 200,
            "https://www.google.com/", BROWSER_UA, "view:100001"),
    Request("203.0.113.5", at(5, 1), "GET", "/css/site.css", 200, "", BROWSER_UA, "static"),
    Request("198.51.100.7", at(6), "GET", "/news/view.php?idx=100001", 304, "", ANDROID_UA,
            "view:100001"),
    Request("2001:db8::1", at(7), "GET", "/article/1065551107195007", 200, "", ANDROID_UA,
            "view:1065551107195007"),
    Request("66.249.66.1", at(8), "GET", "/news/view.php?idx=100002", 200, "", BOT_UA,
            "view:100002"),
    Request("203.0.113.9", at(9), "POST", "/news/view.php?idx=100002", 200, "", BROWSER_UA,
            "method"),
    Request("203.0.113.9", at(9), "GET", "/news/view.php?idx=100009", 404, "", BROWSER_UA,
            "status"),
    Request("203.0.113.9", at(9), "GET", "/news/list.php?page=2", 200, "", BROWSER_UA,
            "not_article"),
]  # fmt: skip
VIEWS = {"100001": 2, "1065551107195007": 1, "100002": 1}
REASONS = {"static": 1, "method": 1, "status": 1, "not_article": 1}


def clf_time(when: datetime) -> str:
    return when.strftime("%d/%b/%Y:%H:%M:%S %z")


def combined(r: Request) -> str:
    ref = r.referrer or "-"
    return (
        f'{r.client} - - [{clf_time(r.when)}] "{r.method} {r.target} HTTP/1.1" {r.status} 512 '
        f'"{ref}" "{r.agent}"'
    )


def vhost_combined(r: Request) -> str:
    return "www.example-news.test:443 " + combined(r)


W3C_FIELDS = (
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
)


def iis(r: Request) -> str:
    when = r.when.astimezone(UTC)
    stem, _, query = r.target.partition("?")
    values = [when.strftime("%Y-%m-%d"), when.strftime("%H:%M:%S"), "10.0.0.2", r.method, stem,
              query or "-", "443", "-", r.client, r.agent.replace(" ", "+"), r.referrer or "-",
              str(r.status), "0", "0", "15"]  # fmt: skip
    return " ".join(values)


def iis_log(requests: list[Request]) -> str:
    """IIS repeats its header block (here after the fourth request, as after a restart)."""
    header = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
              "#Date: 2025-10-30 12:00:00", f"#Fields: {W3C_FIELDS}"]  # fmt: skip
    lines = [*header, *map(iis, requests[:4]), *header, *map(iis, requests[4:])]
    return "\n".join(lines) + "\n"


CLOUDFRONT_FIELDS = (
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type"
)


def cloudfront(r: Request) -> str:
    when = r.when.astimezone(UTC)
    stem, _, query = r.target.partition("?")
    values = [when.strftime("%Y-%m-%d"), when.strftime("%H:%M:%S"), "ICN54-C1", "512", r.client,
              r.method, "d111111abcdef8.cloudfront.net", stem, str(r.status), r.referrer or "-",
              quote(r.agent), query or "-", "-", "Hit"]  # fmt: skip
    return "\t".join(values)


def cloudfront_log(requests: list[Request]) -> str:
    header = ["#Version: 1.0", f"#Fields: {CLOUDFRONT_FIELDS}"]
    return "\n".join([*header, *map(cloudfront, requests)]) + "\n"


def nginx_json(r: Request) -> str:
    return json.dumps({"time_iso8601": r.when.isoformat(), "remote_addr": r.client,
                       "request": f"{r.method} {r.target} HTTP/1.1", "status": str(r.status),
                       "http_referer": r.referrer, "http_user_agent": r.agent})  # fmt: skip


def caddy_json(r: Request) -> str:
    return json.dumps({"level": "info", "ts": r.when.timestamp(), "logger": "http.log.access",
                       "request": {"remote_ip": r.client, "method": r.method, "uri": r.target,
                                   "headers": {"User-Agent": [r.agent], "Referer": [r.referrer]}},
                       "status": r.status})  # fmt: skip


def lines_log(render, requests: list[Request] = REQUESTS) -> str:
    return "".join(render(r) + "\n" for r in requests)
