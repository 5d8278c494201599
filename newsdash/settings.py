"""Settings: one TOML file, environment overrides, and defaults that run on the bundled sample data,
parsed once into typed values (one time zone object, ranking definitions, access rules).

Lookup order for the file: the `--config` option, `$NEWSDASH_CONFIG`, `./newsdash.toml`.
With no file at all, the inbox is the bundled sample data (`newsdash.sample_data`, the
repository's `sample_data/`) and the data lives in `./newsdash-data/`. Every key and its default
is in newsdash/defaults.toml.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdash.rankings import ELIGIBILITY, WEIGHT_KEYS, RankingDefinition, choose

DEFAULT_CONFIG_NAME = "newsdash.toml"
DEFAULTS_FILE = Path(__file__).resolve().parent / "defaults.toml"

# Environment variable -> (section, key) in the TOML file.
ENV_OVERRIDES = {
    "NEWSDASH_DB": ("warehouse", "db"),
    "NEWSDASH_INBOX": ("etl", "inbox"),
    "NEWSDASH_EXPORT_DIR": ("export", "dir"),
    "NEWSDASH_TZ": ("site", "timezone"),
    "NEWSDASH_MEMORY_LIMIT": ("warehouse", "memory_limit"),
}
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")  # a ranking's name; a safe file-name prefix
DEFINITION_KEYS = {"title", "window_hours", "weights", "half_life_hours", "eligible", "limit"}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class AccessRules:
    """The `[access]` allow-list (lowercased) and the `[dashboard]` exposure setting."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    allow_unauthenticated_remote: bool = False


@dataclass(frozen=True)
class RisingRule:
    """ "Rising now" on the Overview page; `[dashboard.rising]` in the config tunes it."""

    recent_hours: int = 3
    baseline_days: int = 7
    min_views: int = 20
    min_lift: float = 3.0
    limit: int = 10


@cache
def sample_data() -> Path:
    """The bundled sample data: `sample_data/` in a checkout, package data in a wheel."""
    return Path(str(files("newsdash.sample_data")))


@cache
def shipped_rankings() -> tuple[RankingDefinition, ...]:
    """The rankings of newsdash/defaults.toml (for Settings built in code: tests, tools)."""
    return parse_rankings(read_toml(DEFAULTS_FILE).get("rankings", {}), "defaults")


@dataclass(frozen=True)
class Settings:
    db: Path
    inbox: Path
    export_dir: Path
    zone: ZoneInfo = ZoneInfo("Asia/Seoul")
    export_after_etl: bool = True
    export_dir_configured: bool = False  # False: exports follow a --db given on the command line
    freshness_hours: float = 30.0
    retention_days: int | None = None
    memory_limit: str | None = None
    rankings: tuple[RankingDefinition, ...] = field(default_factory=shipped_rankings)
    access: AccessRules = AccessRules()
    rising: RisingRule = RisingRule()
    secrets_file: Path | None = None  # [dashboard] secrets_file; None: Streamlit's own places
    source: str = "defaults"

    def ranking(self, name: str) -> RankingDefinition:
        """One enabled ranking by name; RankingError names the ones there are."""
        return choose(self.rankings, name)

    def with_database(self, db: Path) -> Settings:
        """The same settings on another database: the exports follow it to its folder, unless
        the config names their folder."""
        exports = self.export_dir if self.export_dir_configured else db.parent / "exports"
        return replace(self, db=db, export_dir=exports)


# --- reading the file ------------------------------------------------------------------------


def find_config_file(explicit: str | os.PathLike | None, env: Mapping[str, str]) -> Path | None:
    """The config file to read, or None when running on defaults."""
    if explicit:
        return Path(explicit)
    if env.get("NEWSDASH_CONFIG"):
        return Path(env["NEWSDASH_CONFIG"])
    local = Path.cwd() / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value in `over` replaces the one in `base`."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def apply_env_overrides(data: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    overrides: dict[str, dict[str, str]] = {}
    for var, (section, key) in ENV_OVERRIDES.items():
        if env.get(var):
            overrides.setdefault(section, {})[key] = env[var]
    return merge(data, overrides)


def parse_zone(name: str, where: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{where}: unknown time zone {name!r} (use an IANA name such as Asia/Seoul)"
        ) from exc


def resolve_path(value: str | None, default: Path, base: Path) -> Path:
    if not value:
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def load_settings(
    config: str | os.PathLike | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Read the config file (if any), apply environment overrides, fill in defaults."""
    env = os.environ if env is None else env
    path = find_config_file(config, env)
    user = read_toml(path) if path else {}
    data = apply_env_overrides(merge(read_toml(DEFAULTS_FILE), user), env)
    base = path.parent if path else Path.cwd()
    source = str(path) if path else "defaults"
    data_dir = base / "newsdash-data"
    warehouse, etl, export, site, dashboard = (
        data.get(s, {}) for s in ("warehouse", "etl", "export", "site", "dashboard")
    )
    retention = warehouse.get("retention_days")
    named_secrets = dashboard.get("secrets_file")
    return Settings(
        db=resolve_path(warehouse.get("db"), data_dir / "newsdash.duckdb", base),
        inbox=resolve_path(etl.get("inbox"), sample_data(), base),
        export_dir=resolve_path(export.get("dir"), data_dir / "exports", base),
        zone=parse_zone(str(site["timezone"]), str(path) if path else "environment"),
        export_after_etl=bool(export["after_etl"]),
        export_dir_configured="dir" in export,
        freshness_hours=float(site["freshness_hours"]),
        retention_days=int(retention) if retention else None,
        memory_limit=warehouse.get("memory_limit"),
        rankings=parse_rankings(data.get("rankings", {}), source),
        access=parse_access(data.get("access", {}), dashboard, source),
        rising=parse_rising(dashboard.get("rising", {})),
        secrets_file=resolve_path(str(named_secrets), Path(), base) if named_secrets else None,
        source=source,
    )


# --- [rankings.NAME] -------------------------------------------------------------------------


def _fail(where: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {message}")


def _positive_int(value: Any, where: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(where, f"{what} must be a whole number of at least 1, got {value!r}")
    return value


def _weights(value: Any, where: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"weights must be a table such as {{ views = 1 }}, got {value!r}")
    unknown = sorted(set(value) - set(WEIGHT_KEYS))
    if unknown:
        raise _fail(where, f"unknown weight {unknown[0]!r} (use {', '.join(WEIGHT_KEYS)})")
    weights = {}
    for key in WEIGHT_KEYS:
        weight = value.get(key, 0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise _fail(where, f"weight {key} must be a number >= 0, got {weight!r}")
        weights[key] = float(weight)
    if not any(weights.values()):
        raise _fail(where, "at least one weight must be above 0")
    return weights


def _half_life(value: Any, where: str) -> float | None:
    if value is None or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
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
        window_hours=_positive_int(table.get("window_hours"), where, "window_hours"),
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


def _strings(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: [access] {key} must be a list of strings")
    return [v.strip().lower() for v in value if v.strip()]


def parse_access(table: Mapping[str, Any], dashboard: Mapping[str, Any], where: str) -> AccessRules:
    """The access rules of the config; ConfigError names a malformed key."""
    emails = _strings(table, "allowed_emails", where)
    bad = [e for e in emails if e.count("@") != 1 or e.startswith("@") or e.endswith("@")]
    if bad:
        raise ConfigError(f"{where}: [access] allowed_emails: {bad[0]!r} is not an e-mail address")
    domains = [d.removeprefix("@") for d in _strings(table, "allowed_domains", where)]
    if any("@" in d or "." not in d for d in domains):
        raise ConfigError(f"{where}: [access] allowed_domains takes domains such as 'example.com'")
    remote = dashboard.get("allow_unauthenticated_remote", False)
    if not isinstance(remote, bool):
        raise ConfigError(
            f"{where}: [dashboard] allow_unauthenticated_remote must be true or false"
        )
    return AccessRules(frozenset(emails), frozenset(domains), remote)


def parse_rising(table: Mapping[str, Any]) -> RisingRule:
    """Optional `[dashboard.rising]` table in the config, e.g. `min_lift = 2.5`."""
    defaults = RisingRule()
    return RisingRule(
        **{k: type(getattr(defaults, k))(v) for k, v in table.items() if hasattr(defaults, k)}
    )
