"""The config's tables checked into typed values: values in range, the rankings
(`[rankings.NAME]`), the access rules (`[access]`, `[dashboard]`) and "rising now"
(`[dashboard.rising]`). newsdash/settings.py reads the file and calls these once.

Every problem is a ConfigError naming the file and the key.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsdash.rankings import ELIGIBILITY, WEIGHT_KEYS, RankingDefinition


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the file and the key."""


# Bounds that keep every date computed from a setting inside what Python and DuckDB hold.
MAX_RETENTION_DAYS = 36_500  # a hundred years
MAX_FRESHNESS_HOURS = 87_600  # ten years
MAX_WINDOW_HOURS = 87_600  # ten years: every ranking window's start stays a representable date
MEMORY_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|[KMGT]i?B)\s*$", re.IGNORECASE)


# --- values ----------------------------------------------------------------------------------


def table_of(data: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: {name} must be a table ([{name}] with keys under it)")
    return value


def number_in(
    value: Any, where: str, key: str, low: float, high: float, *, whole: bool = False
) -> int | float:
    """A finite number in [low, high] (a whole one when `whole`); ConfigError names the key."""
    kinds = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{where}: {key} = {value!r}: must be {kind} from {low:,g} to {high:,g}")
    return value if whole else float(value)  # NaN fails the comparison, inf the bound


def flag(value: Any, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} = {value!r}: must be true or false")
    return value


def text_or_none(value: Any, where: str, key: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: {key} = {value!r}: must be a string in quotes")
    return value


def memory_size(value: Any, where: str) -> str | None:
    if text_or_none(value, where, "[warehouse] memory_limit") and not MEMORY_SIZE.match(value):
        raise ConfigError(
            f"{where}: [warehouse] memory_limit = {value!r}: must be a size such as '1.5GB' or "
            "'512MiB'"
        )
    return value or None


def retention(value: Any, where: str) -> int | None:
    """None keeps every raw event; otherwise a whole number of days, 1 or more."""
    if value is None:
        return None
    key = "[warehouse] retention_days"
    days = number_in(value, where, key, 1, MAX_RETENTION_DAYS, whole=True)
    return int(days)


# --- [rankings.NAME] -------------------------------------------------------------------------

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")  # a ranking's name; a safe file-name prefix
DEFINITION_KEYS = {"title", "window_hours", "weights", "half_life_hours", "eligible", "limit"}


def _fail(where: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {message}")


def _positive_int(value: Any, where: str, what: str, most: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(where, f"{what} must be a whole number of at least 1, got {value!r}")
    if most is not None and value > most:
        raise _fail(where, f"{what} must be at most {most:,}, got {value!r}")
    return value


def _finite(value: Any) -> bool:
    """A real number (not true/false, NaN or infinity)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _weights(value: Any, where: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"weights must be a table such as {{ views = 1 }}, got {value!r}")
    unknown = sorted(set(value) - set(WEIGHT_KEYS))
    if unknown:
        raise _fail(where, f"unknown weight {unknown[0]!r} (use {', '.join(WEIGHT_KEYS)})")
    weights = {}
    for key in WEIGHT_KEYS:
        weight = value.get(key, 0)
        if not _finite(weight) or weight < 0:
            raise _fail(where, f"weight {key} must be a number >= 0, got {weight!r}")
        weights[key] = float(weight)
    if not any(weights.values()):
        raise _fail(where, "at least one weight must be above 0")
    return weights


def _half_life(value: Any, where: str) -> float | None:
    if value is None or value == 0:
        return None
    if not _finite(value) or value < 0:
        raise _fail(where, f"half_life_hours must be a number of hours > 0, got {value!r}")
    return float(value)


def parse_definition(name: str, table: Any, source: str = "config") -> RankingDefinition:
    """One `[rankings.NAME]` table as a definition; ConfigError says what is wrong and where."""
    where = f"{source}: [rankings.{name}]"
    if not NAME_PATTERN.match(name):
        raise _fail(where, "a ranking name is lowercase letters, digits and _ (e.g. most_shared)")
    if not isinstance(table, Mapping):
        raise _fail(where, "must be a table")
    unknown = sorted(set(table) - DEFINITION_KEYS - {"enabled"})
    if unknown:
        raise _fail(where, f"unknown key {unknown[0]!r} (use {', '.join(sorted(DEFINITION_KEYS))})")
    eligible = table.get("eligible", "all")
    if eligible not in ELIGIBILITY:
        raise _fail(where, f"eligible must be one of {', '.join(ELIGIBILITY)}, got {eligible!r}")
    return RankingDefinition(
        name=name,
        title=str(table.get("title") or name),
        window_hours=_positive_int(
            table.get("window_hours"), where, "window_hours", MAX_WINDOW_HOURS
        ),
        weights=_weights(table.get("weights", {}), where),
        half_life_hours=_half_life(table.get("half_life_hours"), where),
        eligible=eligible,
        limit=_positive_int(table.get("limit", 10), where, "limit"),
    )


def parse_rankings(tables: Any, source: str) -> tuple[RankingDefinition, ...]:
    """Every enabled ranking of the config, in the order the config lists them."""
    if not isinstance(tables, Mapping):
        raise ConfigError(f"{source}: rankings must be a table of [rankings.NAME] tables")
    return tuple(
        parse_definition(name, table, source)
        for name, table in tables.items()
        if not (isinstance(table, Mapping) and table.get("enabled") is False)
    )


# --- [access] and [dashboard] ----------------------------------------------------------------

DEFAULT_VERIFIED_CLAIM = "email_verified"
ACCESS_KEYS = ("allowed_emails", "allowed_domains", "verified_claim", "trust_unverified_email")
CLAIM_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# Only A-Z fold: str.lower() also folds U+212A KELVIN SIGN into "k" (and casefold() more).
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@dataclass(frozen=True)
class AccessRules:
    """The `[access]` allow-list (ASCII-lowercased), what proves an address verified, and the
    `[dashboard]` exposure setting."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    allow_unauthenticated_remote: bool = False
    verified_claim: str = DEFAULT_VERIFIED_CLAIM  # must be the JSON boolean true
    trust_unverified_email: bool = False  # the explicit opt-out: no verification asked


def folded(address: str) -> str:
    """An address or domain for comparing: outer ASCII whitespace off, A-Z lowered, nothing
    else changed (a non-ASCII character matches only itself)."""
    return address.strip(string.whitespace).translate(ASCII_LOWER)


def _strings(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: [access] {key} must be a list of strings")
    return [folded(v) for v in value if folded(v)]


def _flag(table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false")
    return value


def _verified_claim(table: Mapping[str, Any], where: str) -> str:
    value = table.get("verified_claim", DEFAULT_VERIFIED_CLAIM)
    if not isinstance(value, str) or not CLAIM_NAME.match(value):
        raise ConfigError(
            f"{where}: [access] verified_claim must be the name of an ID-token claim, such as "
            f"'email_verified' or 'xms_edov' (Microsoft Entra ID), got {value!r}"
        )
    return value


def parse_access(table: Mapping[str, Any], dashboard: Mapping[str, Any], where: str) -> AccessRules:
    """The access rules of the config; ConfigError names a malformed key."""
    unknown = sorted(set(table) - set(ACCESS_KEYS))
    if unknown:  # a misspelt key must not quietly leave the door on its default
        raise ConfigError(
            f"{where}: [access] unknown key {unknown[0]!r} (use {', '.join(ACCESS_KEYS)})"
        )
    emails = _strings(table, "allowed_emails", where)
    bad = [e for e in emails if e.count("@") != 1 or e.startswith("@") or e.endswith("@")]
    if bad:
        raise ConfigError(f"{where}: [access] allowed_emails: {bad[0]!r} is not an e-mail address")
    domains = [d.removeprefix("@") for d in _strings(table, "allowed_domains", where)]
    if any("@" in d or "." not in d for d in domains):
        raise ConfigError(f"{where}: [access] allowed_domains takes domains such as 'example.com'")
    return AccessRules(
        frozenset(emails),
        frozenset(domains),
        _flag(dashboard, "allow_unauthenticated_remote", f"{where}: [dashboard]"),
        verified_claim=_verified_claim(table, where),
        trust_unverified_email=_flag(table, "trust_unverified_email", f"{where}: [access]"),
    )


# --- [dashboard.rising] ----------------------------------------------------------------------


@dataclass(frozen=True)
class RisingRule:
    """ "Rising now" on the Overview page (and the alerts' recent hours and baseline days)."""

    recent_hours: int = 3
    baseline_days: int = 7
    min_views: int = 20
    min_lift: float = 3.0
    limit: int = 10


RISING_RANGES = {"recent_hours": (1, 168), "baseline_days": (1, 365), "min_views": (0, 10**9),
                 "min_lift": (0, 10**6), "limit": (1, 1000)}  # fmt: skip


def parse_rising(dashboard: Mapping[str, Any], where: str) -> RisingRule:
    """Optional `[dashboard.rising]` table in the config, e.g. `min_lift = 2.5`; ConfigError
    names a key whose value is not a number in its range."""
    table = table_of(dashboard, "rising", where)
    return RisingRule(**{
        key: number_in(value, where, f"[dashboard.rising] {key}", *RISING_RANGES[key],
                       whole=key != "min_lift")
        for key, value in table.items() if key in RISING_RANGES
    })  # fmt: skip
