"""The collector's HTTP routes (Starlette).

POST /e      one event or a JSON array of up to 50: 202 once written and fsync'd, else 4xx/5xx
             with {"error": reason, "detail": ...}; nothing refused is written
OPTIONS /e   the CORS preflight (only fetch with application/json needs it; sendBeacon's
             text/plain does not)
GET /healthz queue depth, last write, files written, events accepted, refusals by reason
GET /t.js    the tracker
GET /demo/article  the demo article page (only with `newsdash collect --demo`)

Checks run cheapest first: origin, Do Not Track, content type, size, JSON and fields, rate limit.
The reader's IP is used for the session hash and for nothing else; nothing here logs a request.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import secrets
from datetime import datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from newsdash import clock
from newsdash.etl.collect import pages
from newsdash.etl.collect.commit import GroupCommit, Overloaded, WriteFailed
from newsdash.etl.collect.health import Health
from newsdash.etl.collect.ratelimit import TokenBuckets
from newsdash.etl.collect.session import Salts, client_ip, session_id
from newsdash.etl.collect.settings import CollectSettings
from newsdash.etl.collect.spool import Spool, recover
from newsdash.etl.collect.validate import (
    MAX_BODY_BYTES,
    Refusal,
    check_content_type,
    check_declared_length,
    client_records,
    user_agent,
)

log = logging.getLogger("newsdash.collect")
LINE = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))  # made once: no per-call setup
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


def origin_allowed(origin: str, request: Request, allowed: tuple[str, ...]) -> bool:
    """The page's origin is on the allow-list ("*" for any), or is the collector's own."""
    origin = origin.rstrip("/").lower()
    own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
    return "*" in allowed or origin in allowed or origin == own


def cors_headers(origin: str | None) -> dict[str, str]:
    """For an origin already checked: let that page read our answer."""
    if origin is None:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


async def read_body(request: Request) -> bytes:
    """The body, refused as soon as it grows past the limit (whatever Content-Length said)."""
    check_declared_length(request.headers.get("content-length"))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refusal(413, "too_large", f"the body is over {MAX_BODY_BYTES:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def event_lines(records: list[dict], now: datetime, session: str, agent: str | None) -> bytes:
    """The records as JSON Lines in the contract's field names, completed by the collector.
    ASCII-only JSON: no line separator other than the newline can occur inside a line."""
    added = {"event_time": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
             "session_id": session}  # fmt: skip
    if agent:
        added["user_agent"] = agent
    lines = []
    for client in records:
        record = {"event_id": client.get("event_id") or secrets.token_hex(16), **client, **added}
        lines.append(LINE.encode(record))
    lines.append("")
    return "\n".join(lines).encode("ascii")


class Collector:
    """The state behind the routes: settings, the writer, the salts, the buckets, the counters."""

    def __init__(self, settings: CollectSettings) -> None:
        self.settings = settings
        self.salts = Salts(settings.salt_dir, settings.zone)
        self.buckets = TokenBuckets(settings.rate_per_second, settings.rate_burst)
        self.health = Health(settings.state_file)
        self.commit: GroupCommit | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette):
        """Start: finish what a crash left, make sure today's salt can be kept, start the
        writer. Stop: write what waits, rename the open file, save the counters."""
        self.settings.inbox.mkdir(parents=True, exist_ok=True)
        for path, dropped in recover(self.settings.inbox):
            self.health.recovered_files += 1
            log.warning("recovered %s (%d bytes of a torn last line dropped)", path.name, dropped)
        self.salts.for_instant(clock.now())
        spool = Spool(self.settings.inbox, self.settings.rotate_seconds,
                      self.settings.rotate_events)  # fmt: skip
        self.commit = GroupCommit(spool, self.settings.max_queue_events, self.save_state)
        self.commit.start()
        log.info("writing events into %s", self.settings.inbox)
        try:
            yield
        finally:
            await self.commit.stop()
            self.save_state(force=True)

    def snapshot(self) -> dict:
        commit = self.commit
        if commit is None:
            return self.health.snapshot(0, None, 0, None)
        return self.health.snapshot(commit.queued_events, commit.last_write,
                                    commit.files_written, commit.current_file)  # fmt: skip

    def save_state(self, force: bool = False) -> None:
        try:
            self.health.save(self.snapshot(), force)
        except OSError as exc:
            log.error("could not save %s: %s", self.settings.state_file, exc)

    def refuse(self, refusal: Refusal, origin: str | None) -> JSONResponse:
        self.health.refused(refusal.reason)
        headers = cors_headers(None if refusal.reason == "origin" else origin)
        if refusal.retry_after is not None:
            headers["Retry-After"] = str(refusal.retry_after)
        return JSONResponse(refusal.body(), refusal.status, headers)

    def check_request(self, request: Request, origin: str | None) -> None:
        if origin is not None and not origin_allowed(origin, request,
                                                     self.settings.allowed_origins):  # fmt: skip
            raise Refusal(403, "origin", "this page's origin may not send events")
        headers = request.headers
        if self.settings.honour_dnt and "1" in (headers.get("dnt"), headers.get("sec-gpc")):
            raise Refusal(403, "do_not_track", "the browser asks not to be tracked (DNT/GPC)")
        check_content_type(headers.get("content-type"))

    def reader(self, request: Request, now: datetime) -> tuple[str, str | None]:
        """The session id and the user agent; the IP goes into the hash and nowhere else."""
        agent = user_agent(request.headers.get("user-agent"))
        ip = client_ip(request.client.host if request.client else None,
                       request.headers.get("x-forwarded-for"),
                       self.settings.trust_forwarded_for)  # fmt: skip
        salt = self.salts.for_instant(now)
        return session_id(salt, self.settings.site, ip, agent), agent

    def rate_limit(self, session: str, events: int) -> None:
        wait = self.buckets.take(session, events)
        if wait:
            retry = 60 if math.isinf(wait) else max(1, math.ceil(wait))
            raise Refusal(429, "rate_limited", f"too many events from this reader: retry in "
                          f"{retry} s", retry_after=retry)  # fmt: skip

    async def events(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        try:
            self.check_request(request, origin)
            records = client_records(await read_body(request))
            now = clock.now()
            session, agent = self.reader(request, now)
            self.rate_limit(session, len(records))
            assert self.commit is not None
            await self.commit.write(event_lines(records, now, session, agent), len(records))
        except Refusal as refusal:
            return self.refuse(refusal, origin)
        except Overloaded as exc:
            return self.refuse(Refusal(503, "overloaded", str(exc)), origin)
        except WriteFailed as exc:
            return self.refuse(Refusal(503, "write_failed", str(exc)), origin)
        self.health.accepted(len(records))
        return JSONResponse({"accepted": len(records)}, 202, cors_headers(origin))

    async def preflight(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is None or not origin_allowed(origin, request, self.settings.allowed_origins):
            return self.refuse(Refusal(403, "origin", "this page's origin may not send events"),
                               None)  # fmt: skip
        return Response(status_code=204, headers={**cors_headers(origin), **PREFLIGHT_HEADERS})

    async def healthz(self, request: Request) -> Response:
        return JSONResponse(self.snapshot(), headers={"Cache-Control": "no-store"})


def build_app(settings: CollectSettings, demo: bool = False) -> Starlette:
    collector = Collector(settings)
    routes = [
        Route("/e", collector.events, methods=["POST"]),
        Route("/e", collector.preflight, methods=["OPTIONS"]),
        Route("/healthz", collector.healthz, methods=["GET"]),
        Route("/t.js", pages.tracker().serve, methods=["GET"]),
    ]
    if demo:
        articles = pages.DemoArticles()
        routes.append(Route("/demo/article", articles.serve, methods=["GET"]))
        routes.append(Route("/demo/article/{article_id}", articles.serve, methods=["GET"]))
    return Starlette(routes=routes, lifespan=collector.lifespan)
