"""Tell crawlers' user agents from people's browsers (PRODUCT.md, "Counting rules" → "Bots").

A user agent is a bot when one of these rules matches it, cheapest first:

1. a generic crawler sign (``_GENERIC_SIGNS``): the words crawlers use to describe
   themselves, a contact URL or address, an HTTP client library, a monitoring or
   security tool, a Google service fetcher, an injection payload;
2. a shape no browser or app sends (``_looks_unlike_a_client``);
3. the maintained ``crawler-user-agents`` list (PyPI, module ``crawleruseragents``),
   less the few entries in ``_LIST_PATTERNS_SKIPPED``.

An empty or missing user agent is not a bot. The list alone misses about one bot in
five of the labelled corpus (``shared/corpus/ua_labelled.csv``); each generic rule
below was kept only if it flags next to no browser there. ``tests/test_bots.py``
measures recall and the browser flag rate on that corpus; no corpus string is copied.

Speed: with ``google-re2`` installed, the patterns run as RE2 automata: 20,000 distinct
user agents take about 0.3 s. Without it Python's ``re`` gives the same answers in several
seconds, so declare google-re2. Patterns are therefore written in the syntax both engines
share: no lookaround, no backreference.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

Pattern = Any  # a compiled `re` or `re2` pattern: both have .search()

# Rule name -> regex, matched against the lowercased user agent. Whitespace is dropped before
# compiling (write \s for a space) and only syntax shared by RE2 and `re` is used.
_GENERIC_SIGNS: dict[str, str] = {
    # How crawlers name themselves. "bot" must end a word ("AcmeBot/1.0", "robots") so that
    # words like "Caboto" or "turbotabbee" do not match, and not follow "cu" (CUBOT phones).
    "crawler-word": r"""
        (?:^|^u|[^u]|[^c]u)bots?(?:[^a-z]|$) | crawl | spider | slurp | scrap(?:e|er|ing)\b
        | fetcher | archiv(?:er|ing) | index(?:er|ing) | transcod | downloader | parser | analy[sz]er
        | research | agent | proxy
    """,
    # Link-preview ("unfurl") services fetch a page to draw a card, not to read it.
    "preview": r"preview | unfurl",
    # Uptime checks, synthetic monitoring and validators; "scan" must start a word so that
    # apps like "CamScanner" pass.
    "monitoring": r"""
        monitor | uptime | health.?check | probe | synthetic | checker | validator
        | (?:^|[^a-z])scan | prometheus | grafana | collectd | munin | nagios | zabbix | icinga | xymon | \bmonit/
        | pingdom | site24x7 | statuscake | datadog | new\s?relic | dynatrace | catchpoint
    """,
    # Browser automation and page audits.
    "automation": r"""
        headless | phantomjs | selenium | puppeteer | playwright | webdriver | lighthouse
        | pagespeed | cypress/
    """,
    # Feed readers poll feeds on their subscribers' behalf and often count them in the UA.
    # "rss" must not be followed by a digit (Android build ids such as "S1RSS32").
    "feed-reader": r"feed | rss(?:[^0-9]|$) | reader | \d+\s+subscribers?\b",
    # Crawlers leave a URL or an address for webmasters; browsers all but never do.
    "contact": r"https?:// | \bwww\.[a-z0-9-]+\.[a-z] | mailto: | [\w.+-]+@[\w-]+\.[a-z]{2,}",
    # HTTP client libraries' default user agents. okhttp, Android's and iOS's system stacks
    # (Dalvik, CFNetwork) are left out: apps that people use send them too.
    "http-client": r"""
        \bcurl\b | libcurl | \bwget\b | python | aiohttp | httpx | go-http-client
        | \bgo\s[\d.]+\spackage\shttp | go-resty | ^java/ | httpclient | grpc- | http-kit
        | \w-resty | libwww-perl | \blwp\b | ^php/ | guzzle | postman | restsharp | scalaj-http
        | winhttp | undici | node-fetch | axios | ^node(?:\.js)?\b | rest-client | request-promise
        | scrapy | httpie | faraday | typhoeus | ^ruby\b | ^dart/ | \bk6/ | apachebench | jmeter
    """,
    # Well-known security scanners, and payloads that only an attack tool puts in a UA.
    "security-tool": r"""
        \bnuclei\b | masscan | zgrab | \bnmap\b | nikto | sqlmap | gobuster | dirbuster | wpscan
        | arachni | acunetix | netsparker | shodan | censys | burpcollaborator | \.oast\.
        | \$\{ | \{\{ | <\? | <script | jndi:
    """,
    # Google names its fetchers "Google-<Service>" or "<Service>-Google" (its crawler docs);
    # its browser is "Chrome" and its app "GSA", neither hyphenated with "Google".
    "google-service": r"""
        \bgoogle- | -google\b | googleweblight
        | google\s(?:page\s?speed|search\sconsole|web\spreview)
    """,
}

# Entries of crawler-user-agents that name people's browsers or apps rather than a crawler.
_LIST_PATTERNS_SKIPPED: dict[str, str] = {
    r"AP3A\.240617\.008": "an Android firmware build id: every phone running that build",
    "MetaIAB Facebook": "Facebook's in-app browser, in which people read shared links",
    "Viber": "matches Viber's in-app browser and the Viber app itself",
    "Sogou": "also Sogou's mobile browser; Sogou's crawlers call themselves spiders",
    "Sonic": "a bare common word (it matches Slack's desktop app); the crawler gives a URL",
}

# RFC 9110 product token: "Name/version". Every browser and app sends at least one.
_PRODUCT_TOKEN = re.compile(r"[A-Za-z][\w.+-]*/\w")
# "Mozilla/5.0" with no platform, or with a "(compatible; Name/1.0)" naming only itself.
_BARE_MOZILLA = re.compile(
    r"^mozilla/\d\.\d(?:[ ,][^(;]*)?$ | ^mozilla/\d\.\d\s\((?:compatible)?(?:;\s?)?[^;()]*\)$",
    re.IGNORECASE | re.VERBOSE,
)


def is_bot_agent(user_agent: str | None) -> bool:
    """True when the user agent is a crawler's; an empty or missing one is not."""
    return bot_rule(user_agent) is not None


def classify_agents(user_agents: Iterable[str | None]) -> dict[str | None, bool]:
    """Classify each distinct user agent once, in first-seen order."""
    return {ua: is_bot_agent(ua) for ua in dict.fromkeys(user_agents)}


def bot_rule(user_agent: str | None) -> str | None:
    """Name of the rule that makes this user agent a bot, or None for a person's."""
    if user_agent is None or not user_agent.strip():
        return None
    user_agent = _encodable(user_agent)
    match = _generic_signs()[0].search(user_agent.lower())
    if match:
        return match.lastgroup.replace("_", "-")  # the rule's name back from _group_name
    if _looks_unlike_a_client(user_agent):
        return "not-a-client"
    if any(chunk.search(user_agent) for chunk in _crawler_list()):
        return "crawler-list"
    return None


def _encodable(user_agent: str) -> str:
    """RE2 searches UTF-8, which cannot hold a lone surrogate (JSON's "\\udcff" decodes to
    one): such a character becomes "?"."""
    return user_agent.encode("utf-8", "replace").decode("utf-8")


def _looks_unlike_a_client(user_agent: str) -> bool:
    """No browser or app sends a UA without a product token and without a comment (a bare
    word, a placeholder), nor a "Mozilla/5.0" that names no platform."""
    no_product = not _PRODUCT_TOKEN.search(user_agent) and "(" not in user_agent
    return no_product or bool(_BARE_MOZILLA.match(user_agent))


@functools.cache
def _generic_signs() -> list[Pattern]:
    """All generic signs as one pattern, a named group per rule (compiled on first use)."""
    groups = [f"(?P<{_group_name(name)}>{_compact(body)})" for name, body in _GENERIC_SIGNS.items()]
    return _compile_alternation(groups, re_chunk=len(groups))


def _group_name(rule: str) -> str:
    return rule.replace("-", "_")


def _compact(body: str) -> str:
    return re.sub(r"\s+", "", body)


@functools.cache
def _crawler_list() -> list[Pattern]:
    """The crawler-user-agents patterns we keep, case-sensitive as the list means them."""
    from crawleruseragents import CRAWLER_USER_AGENTS_DATA

    patterns = (entry["pattern"] for entry in CRAWLER_USER_AGENTS_DATA)
    kept = [f"(?:{p})" for p in patterns if p not in _LIST_PATTERNS_SKIPPED]
    return _compile_alternation(kept, re_chunk=25)


def _compile_alternation(alternatives: list[str], re_chunk: int) -> list[Pattern]:
    """One RE2 automaton when google-re2 is installed; else Python `re` patterns of
    `re_chunk` alternatives each (`re` tries every branch at every position, and 25 was
    the fastest split for the crawler list, as in `crawleruseragents.is_crawler`)."""
    re2 = _import_re2()
    if re2 is None:  # ASCII classes (\w, \d, \b) as in RE2, so both engines agree
        return [
            re.compile("|".join(alternatives[i : i + re_chunk]), re.ASCII)
            for i in range(0, len(alternatives), re_chunk)
        ]
    options = re2.Options()
    options.max_mem = 64 << 20  # RE2's default 8 MiB is too small a DFA for the list
    return [re2.compile("|".join(alternatives), options)]


def _import_re2():
    """The `re2` module of google-re2, or None when it is not installed."""
    try:
        import re2
    except ImportError:
        return None
    return re2
