"""Access-log lines to contract events: a view is a GET with status 2xx
or 304 whose path and query string name an article; everything else is counted by reason."""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring_ascii as quoted

from newsdash.etl.bots import is_bot_agent
from newsdash.etl.imports.articles import Articles, is_static
from newsdash.etl.imports.counts import FileCounts
from newsdash.etl.imports.hits import Hit, Malformed, reader_address
from newsdash.etl.imports.lines import LineIds
from newsdash.etl.imports.sessions import Sessions


class Crawlers:
    """Each distinct user agent classified once (etl/bots.py, as the ETL does)."""

    def __init__(self) -> None:
        self.known: dict[str, bool] = {}

    def __call__(self, user_agent: str) -> bool:
        verdict = self.known.get(user_agent)
        if verdict is None:
            if len(self.known) > 100_000:
                self.known.clear()
            verdict = self.known[user_agent] = is_bot_agent(user_agent)
        return verdict


def view_reason(hit: Hit) -> str | None:
    if hit.method != "GET":
        return "method"
    if not (200 <= hit.status < 300 or hit.status == 304):
        return "status"
    if is_static(hit.target):
        return "static"
    return None


class AccessEvents:
    """Turns the parsed lines of one file into event lines (JSON text), counting the rest."""

    def __init__(
        self,
        parse: Callable[[str], Hit | None],
        articles: Articles,
        sessions: Sessions,
        crawlers: Crawlers,
        counts: FileCounts,
        trust_forwarded: bool = True,
    ) -> None:
        self.parse = parse
        self.articles = articles
        self.sessions = sessions
        self.crawlers = crawlers
        self.counts = counts
        self.trust_forwarded = trust_forwarded
        self.ids = LineIds("log-")
        self.max_agent, self.max_referrer = 1024, 2048  # the ETL's [limits.chars] defaults

    def line(self, number: int, raw: bytes | None) -> str | None:
        """The event line for this log line, or None (counted by reason or as skipped)."""
        counts = self.counts
        counts.lines += 1
        if raw is None:
            counts.reject(number, "malformed", "line", "longer than the line limit")
            return None
        text = raw.decode("utf-8", "replace")  # a stray Latin-1 byte in a user agent imports
        try:
            hit = self.parse(text)
        except Malformed as exc:
            counts.reject(number, "malformed", exc.field, exc.detail)
            return None
        if hit is None:
            counts.skipped += 1
            return None
        status = hit.status
        if hit.method == "GET" and (200 <= status < 300 or status == 304):  # view_reason, inline
            if is_static(hit.target):
                counts.reasons["static"] += 1
                return None
            article = self.articles.article_id(hit.target)
            if article is not None:
                return self.event(raw, hit, article)
        counts.reasons[view_reason(hit) or "not_article"] += 1
        return None

    def event(self, raw: bytes, hit: Hit, article: str) -> str:
        counts = self.counts
        counts.views += 1
        agent = hit.user_agent
        if agent and self.crawlers(agent):
            counts.crawlers += 1
        address = hit.client
        if hit.forwarded_for or ":" in address or address.startswith("["):
            address = reader_address(hit, self.trust_forwarded)
        # else a bare IPv4 address and no X-Forwarded-For: the address as logged
        session = self.sessions.reader(hit.when, address, agent)
        # The JSON line built by hand (json.dumps of a dict costs twice as much); every text
        # that comes from the log goes through the JSON encoder's own string escaping.
        line = (
            f'{{"event_id":"{self.ids.event_id(raw)}","event_time":"{hit.when}",'
            f'"event_type":"view","article_id":{quoted(article)},"session_id":"{session}"'
        )
        referrer = hit.referrer
        if referrer and referrer != "-":
            line += f',"referrer":{quoted(referrer[: self.max_referrer])}'
        if agent and agent != "-":
            line += f',"user_agent":{quoted(agent[: self.max_agent])}'
        return line + "}"
