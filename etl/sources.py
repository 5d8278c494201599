"""Where a view came from (issue 17): a source group, a source name and the campaign, from the
event's referrer, the page URL's UTM parameters and its user agent.

Precedence, the first that applies wins:

1. **UTM** in the page URL: utm_source or utm_medium present. The group is the medium's in
   `[sources.utm_medium]` (social, organic, ...) and "campaign" for any other medium (email,
   newsletter, cpc, ...); the name is utm_source, lowercased ("(not set)" without one).
2. **Referrer** (any non-empty one): an http(s) URL's host is "internal" on the site's own
   domains (and their subdomains), else the most specific entry of `[sources.hosts]` or of
   Matomo's lists, else "other" named by its registrable domain. Anything else (another
   scheme, no valid host, an IP address) is "other".
3. **In-app browser**, only when the referrer is empty: the first token of `[sources.in_app]`
   found in the user agent (KAKAOTALK, NAVER(inapp, BAND/, ...).
4. **Direct**: nothing of the above.

The campaign is utm_campaign whenever present, whatever the group. Text taken from the URL is
percent-decoded, stripped of control and format characters, and cut to 100 characters.

Two paths, one answer. `classify` takes one event. The ETL's path is `classify_input`: the
SQL macros in `sql/etl/source_macros.sql` cut every event to its *source key* (the referrer up
to the end of its host, the three raw UTM values, and the user agent only when the referrer is
empty), so that millions of events share a few thousand keys; the distinct new keys are
classified once, here, into the temp table `source_map`. Then either each event is joined to
its key's row (`sql/etl/event_sources.sql`: group, name and campaign per event), or events are
counted per article, hour and key first and the counts joined (`sql/etl/source_hourly.sql`, the
rollup: no per-event join). `classify` is `classify_key(source_key(...))`, and `source_key`
below applies the same patterns as the macros: tests/test_sources.py checks both agree.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import unquote_plus

import pandas as pd

from newsdash.etl.sources_rules import (
    GROUPS,
    INVALID,
    Rules,
    default_rules,
    host_of_authority,
    rules_from_config,
)
from newsdash.sql import store

__all__ = [
    "GROUPS",
    "Source",
    "SourceKey",
    "classify",
    "classify_batch",
    "classify_input",
    "classify_key",
    "use_rules",
]

# The same patterns are written into sql/etl/source_macros.sql (RE2 and Python's `re` read them
# alike: no lookaround, no backreference, no case folding).
REFERRER_KEY = r"(?s)^(?:[^/?#]+(?://[^/?#]*)?|//[^/?#]*|.)"
UTM_PATTERNS = {p: rf"[?&]{p}=([^&#]*)" for p in ("utm_source", "utm_medium", "utm_campaign")}
KEY_COLUMNS = ("referrer_key", "utm_source", "utm_medium", "utm_campaign", "agent_key")
MAX_TEXT = 100
DIRECT, NOT_SET, NON_WEB = "(direct)", "(not set)", "(non-web referrer)"
_REFERRER_KEY = re.compile(REFERRER_KEY)
_UTM = {p: re.compile(pattern) for p, pattern in UTM_PATTERNS.items()}
_WEB = re.compile(r"[hH][tT][tT][pP][sS]?://")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


class Source(NamedTuple):
    group: str  # one of GROUPS
    name: str
    campaign: str | None


class SourceKey(NamedTuple):
    """What of an event its source depends on; "" where absent."""

    referrer: str  # the referrer up to the end of its host ("https://m.search.naver.com")
    utm_source: str  # raw (still percent-encoded) values from the page URL
    utm_medium: str
    utm_campaign: str
    user_agent: str  # the whole user agent when the referrer is empty, else ""


def classify(
    referrer: str | None, url: str | None, user_agent: str | None, rules: Rules | None = None
) -> Source:
    """The traffic source of one event. Total: any strings (or None) give one of GROUPS."""
    return classify_key(source_key(referrer, url, user_agent), rules)


def source_key(referrer: Any, url: Any, user_agent: Any) -> SourceKey:
    """The event's source key, as the SQL macros cut it (a non-string counts as absent)."""
    referrer, url, agent = (v if isinstance(v, str) else "" for v in (referrer, url, user_agent))
    match = _REFERRER_KEY.match(referrer)
    ref = match.group(0) if match else ""
    utm = (_utm_raw(url, p) for p in ("utm_source", "utm_medium", "utm_campaign"))
    return SourceKey(ref, *utm, agent if ref == "" else "")


def classify_key(key: SourceKey, rules: Rules | None = None) -> Source:
    """The traffic source of every event with this key (precedence: the module's doc)."""
    rules = rules or default_rules()
    campaign = _utm_text(key.utm_campaign) or None
    source, medium = _utm_text(key.utm_source).lower(), _utm_text(key.utm_medium).lower()
    if source or medium:
        return Source(rules.utm_medium.get(medium, "campaign"), source or NOT_SET, campaign)
    if key.referrer:
        return Source(*referrer_source(key.referrer, rules), campaign)
    for token, group, name in rules.in_app:
        if token in key.user_agent:
            return Source(group, name, campaign)
    return Source("direct", DIRECT, campaign)


def referrer_source(referrer_key: str, rules: Rules) -> tuple[str, str]:
    """(group, name) of a non-empty referrer key."""
    web = _WEB.match(referrer_key)
    if not web:
        scheme = _SCHEME.match(referrer_key)
        web_scheme = scheme and scheme.group(0).lower() in ("http:", "https:")
        return "other", NON_WEB if scheme and not web_scheme else INVALID
    host = host_of_authority(referrer_key[web.end() :])
    return ("other", INVALID) if host is None else rules.host_source(host)


def classify_input(con: store.Connection, rules: Rules | None = None) -> int:
    """Classify the distinct source keys of the view `source_input` (columns referrer, url,
    user_agent) that the temp table `source_map` does not hold yet; return how many.

    The map lives as long as the connection and is filled with one set of rules: a caller
    that changes the rules uses a new connection. `sql/etl/event_sources.sql` then gives each
    event of `source_input` its source, `sql/etl/source_hourly.sql` the counts per article,
    hour and source.
    """
    store.execute(con, "etl/source_macros")
    store.execute(con, "etl/create_source_map")
    keys = [SourceKey(*row) for row in store.rows(con, "etl/new_source_keys")]
    if keys:
        found = [classify_key(key, rules) for key in keys]
        frame = pd.DataFrame(keys, columns=list(KEY_COLUMNS), dtype=object)
        frame["source_group"] = [s.group for s in found]
        frame["source_name"] = [s.name for s in found]
        frame["campaign"] = pd.Series([s.campaign for s in found], dtype=object)
        store.execute_with_frame(con, "etl/insert_source_map", "new_sources", frame)
    return len(keys)


# --- the load (etl/land.py) -----------------------------------------------------------------


def use_rules(con: store.Connection, sources: Mapping[str, Any], where: str) -> None:
    """Check the config's [sources] table (ConfigError names the bad key) and keep it on the
    connection for the run's batches (sql/etl/set_source_rules.sql, like [limits])."""
    text = json.dumps(dict(sources), sort_keys=True)
    _rules_of(text, where)
    store.execute(con, "etl/set_source_rules", rules=text)


def classify_batch(con: store.Connection, span: dict[str, int]) -> int:
    """Classify the source keys of the load batch (files span) that source_map does not hold
    yet, with the run's rules (the shipped defaults when none were set); return how many.
    Every event landed with its key (sql/etl/land_events.sql): its source is its key's row."""
    text = store.scalar(con, "etl/source_rules")
    rules = _rules_of(text, "config") if text else default_rules()
    store.execute(con, "etl/create_source_map")
    store.execute(con, "etl/batch_source_input", **span)
    return classify_input(con, rules)


@functools.lru_cache(maxsize=8)
def _rules_of(text: str, where: str) -> Rules:
    return rules_from_config({"sources": json.loads(text)}, where)


def _utm_raw(url: str, parameter: str) -> str:
    if "utm_" not in url:
        return ""
    match = _UTM[parameter].search(url)
    return match.group(1) if match else ""


def _utm_text(raw: str) -> str:
    """A UTM value as text: percent-decoded ("+" is a space), control, format and other
    unprintable characters made spaces, spaces collapsed, at most MAX_TEXT characters."""
    if not raw:
        return ""
    text = unquote_plus(raw, errors="replace")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_TEXT]
