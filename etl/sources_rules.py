"""What the traffic-source classifier knows about hosts: the site's own domains, the `[sources]`
tables of the config, Matomo's search-engine and social lists, and the Public Suffix List.

Nothing here touches the network: Matomo's lists are files shipped in `etl/sources_data/`
(CC0, see its README), the Public Suffix List is the snapshot bundled with `publicsuffixlist`.

A host is looked up in the config's `[sources.hosts]` first, then in Matomo's lists (search
engines before social networks): in each table from its longest suffix to its shortest
("m.search.naver.com", then "search.naver.com", "naver.com", ...), at each suffix first the key
itself, then the "NAME.{}" form (NAME under any ICANN public suffix: "google.{}" holds
google.co.kr). So a config entry decides for its host and every subdomain of it: Matomo lists
"www.facebook.com" as a search engine, the config's "facebook.com" makes it social.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from newsdash.settings import DEFAULTS_FILE, ConfigError, read_toml

GROUPS = ("search", "portal_news", "social", "messenger", "internal", "direct", "campaign", "other")
DATA_DIR = Path(__file__).resolve().parent / "sources_data"
WILDCARD = ".{}"
IP_ADDRESS, INVALID = "(IP address)", "(invalid referrer)"
_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_PORT = re.compile(r"[0-9]*")
_IPV6 = re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")


@dataclass(frozen=True)
class Rules:
    """Everything classification depends on besides the event itself."""

    own_domains: tuple[str, ...]
    hosts: Mapping[str, tuple[str, str]]  # the config's: host key (or "NAME.{}") -> (group, name)
    in_app: tuple[tuple[str, str, str], ...]  # (user-agent token, group, name), in order
    utm_medium: Mapping[str, str]  # lowercased utm_medium -> group

    def host_source(self, host: str) -> tuple[str, str]:
        """(group, name) of a normalised host: internal, listed, or other by its domain."""
        if any(host == d or host.endswith("." + d) for d in self.own_domains):
            return "internal", "(internal)"
        if _is_ip_address(host):
            return "other", IP_ADDRESS
        icann_suffix = _psl(True).publicsuffix(host) or ""
        for table in (self.hosts, matomo_hosts()):
            found = _longest_match(table, host, icann_suffix)
            if found is not None:
                return found
        return "other", _psl(False).privatesuffix(host) or host


def _longest_match(
    table: Mapping[str, tuple[str, str]], host: str, icann_suffix: str
) -> tuple[str, str] | None:
    labels = host.split(".")
    for i in range(len(labels)):
        suffix = ".".join(labels[i:])
        found = table.get(suffix)
        if found is None and icann_suffix and len(suffix) > len(icann_suffix):
            found = table.get(suffix[: -len(icann_suffix) - 1] + WILDCARD)
        if found is not None:
            return found
    return None


def rules_from_config(config: Mapping[str, Any] | None = None, where: str = "") -> Rules:
    """Rules from a merged config (`Settings.raw`); None: the shipped defaults."""
    if config is None:
        return default_rules()
    where = where or "config"
    section = _part(config, "sources", dict, where)
    own = tuple(
        _host_key(d, where, "own_domains") for d in _part(section, "own_domains", list, where)
    )
    hosts: dict[str, tuple[str, str]] = {}
    for key, value in _part(section, "hosts", dict, where).items():
        hosts[_host_key(key, where, f"hosts.{key}")] = _group_name(value, where, f"hosts.{key}")
    in_app = []
    for token, value in _part(section, "in_app", dict, where).items():
        if not token:
            _fail(where, "in_app", "an empty token would match every user agent")
        in_app.append((token, *_group_name(value, where, f"in_app.{token}")))
    mediums = {
        str(k).lower(): _group(v, where, f"utm_medium.{k}")
        for k, v in _part(section, "utm_medium", dict, where).items()
    }
    return Rules(own, hosts, tuple(in_app), mediums)


def _part(table: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key, kind())
    if not isinstance(value, kind):
        what = "a list" if kind is list else "a table"
        _fail(where, key if key != "sources" else "", f"must be {what}, not {value!r}")
    return value


def _fail(where: str, key: str, message: str) -> None:
    raise ConfigError(f"{where}: [sources] {key + ': ' if key else ''}{message}")


@functools.cache
def default_rules() -> Rules:
    return rules_from_config(read_toml(DEFAULTS_FILE), str(DEFAULTS_FILE.name))


def normalise_host(text: str) -> str | None:
    """The host in lowercase ASCII (IDN as punycode), one trailing dot dropped, or None when
    it is not a valid host name."""
    host = text[:-1] if text.endswith(".") else text
    if not host or len(host) > 253:
        return None
    if host.isascii():
        host = host.lower()
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except (UnicodeError, ValueError):
            return None
    return host if len(host) <= 253 and _HOST.fullmatch(host) else None


def host_of_authority(authority: str) -> str | None:
    """The normalised host of a URL's authority ("user@host:port"), "[...]" for an IPv6
    literal, or None when it has no valid host."""
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        end = hostport.find("]")
        rest = hostport[end + 1 :]
        valid = (
            end > 0
            and bool(_IPV6.fullmatch(hostport[1:end]))
            and (rest == "" or (rest.startswith(":") and _valid_port(rest[1:])))
        )
        return "[...]" if valid else None
    host, _, port = hostport.partition(":")
    return normalise_host(host) if _valid_port(port) else None


def _valid_port(port: str) -> bool:
    """Empty (the scheme's default) or a number up to 65535, as a URL parser accepts."""
    return port == "" or (len(port) <= 5 and bool(_PORT.fullmatch(port)) and int(port) <= 65535)


def _is_ip_address(host: str) -> bool:
    """An IPv6 literal, or a name whose last label is a number (1.2.3.4, 0x7f.1, 3232235777):
    no top-level domain is numeric, and browsers read such hosts as IPv4 addresses."""
    last = host.rsplit(".", 1)[-1]
    return host == "[...]" or last.isdigit() or bool(re.fullmatch(r"0x[0-9a-f]*", last))


@functools.cache
def matomo_hosts() -> dict[str, tuple[str, str]]:
    """Host key -> (group, name) from Matomo's lists: search engines first, then social
    networks; the first definition of a key wins. URLs with a path (Google Images'
    "google.com/imgres") are left out: the host's own entry names the engine."""
    import yaml

    hosts: dict[str, tuple[str, str]] = {}
    engines = _read_yaml(yaml, "SearchEngines.yml")
    for name, definitions in engines.items():
        for definition in definitions:
            for url in definition.get("urls", []):
                _add_matomo(hosts, url, ("search", unquote(str(name))))
    for name, urls in _read_yaml(yaml, "Socials.yml").items():
        for url in urls:
            _add_matomo(hosts, url, ("social", unquote(str(name))))
    return hosts


def _read_yaml(yaml, name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _add_matomo(hosts: dict, url: str, source: tuple[str, str]) -> None:
    """Matomo writes "{}" for any country code: "{}.bing.com" (any subdomain, which suffix
    matching covers) and "google.{}" (any public suffix); "{}" elsewhere is left out."""
    key = str(url).lower().removeprefix("{}.")
    if "/" in key or "{}" in key.removesuffix(WILDCARD):
        return
    if key.endswith(WILDCARD):
        name = normalise_host(key.removesuffix(WILDCARD))
        key = name + WILDCARD if name else ""
    else:
        key = normalise_host(key) or ""
    if key:
        hosts.setdefault(key, source)


def _host_key(text: Any, where: str, key: str) -> str:
    text = str(text)
    stem = text.removesuffix(WILDCARD)
    host = normalise_host(stem)
    if host is None:
        raise ConfigError(f"{where}: [sources] {key}: {text!r} is not a host name")
    return host + (WILDCARD if stem != text else "")


def _group(value: Any, where: str, key: str) -> str:
    if value not in GROUPS:
        raise ConfigError(
            f"{where}: [sources] {key}: unknown group {value!r} (one of {', '.join(GROUPS)})"
        )
    return value


def _group_name(value: Any, where: str, key: str) -> tuple[str, str]:
    named = isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)
    if not (named and value[1].strip()):
        raise ConfigError(f'{where}: [sources] {key}: write ["group", "name"], not {value!r}')
    return _group(value[0], where, key), value[1]


@functools.cache
def _psl(icann_only: bool):
    """The Public Suffix List bundled with `publicsuffixlist` (read from its package, offline).
    ICANN-only for "NAME.{}" keys (google.blogspot.com is not Google); with the private
    section for naming other referrers (each foo.github.io is its own site)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=icann_only)
