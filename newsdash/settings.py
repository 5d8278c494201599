"""Settings: one TOML file, environment overrides, and defaults that run on the bundled sample data,
parsed once into typed values (one time zone object, ranking definitions, access rules; each
table checked by newsdash/config_tables.py).

Lookup order for the file: the `--config` option, `$NEWSDASH_CONFIG`, `./newsdash.toml`.
With no file at all, the inbox is the bundled sample data (`newsdash.sample_data`, the
repository's `sample_data/`) and the data lives in `./newsdash-data/`. Every key and its default
is in newsdash/defaults.toml.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdash.config_tables import (
    MAX_FRESHNESS_HOURS,
    AccessRules,
    ConfigError,
    RisingRule,
    flag,
    memory_size,
    number_in,
    parse_access,
    parse_rankings,
    parse_rising,
    retention,
    table_of,
    text_or_none,
)
from newsdash.newsroom import Newsroom, parse_newsroom
from newsdash.rankings import RankingDefinition, choose

__all__ = ["AccessRules", "ConfigError", "RisingRule", "Settings", "load_settings"]

DEFAULT_CONFIG_NAME = "newsdash.toml"
DEFAULTS_FILE = Path(__file__).resolve().parent / "defaults.toml"

# Environment variable -> (section, key) in the TOML file.
ENV_OVERRIDES = {
    "NEWSDASH_DB": ("warehouse", "db"),
    "NEWSDASH_INBOX": ("etl", "inbox"),
    "NEWSDASH_EXPORT_DIR": ("export", "dir"),
    "NEWSDASH_TZ": ("site", "timezone"),
    "NEWSDASH_MEMORY_LIMIT": ("warehouse", "memory_limit"),
    "NEWSDASH_LANGUAGE": ("newsroom", "language"),
}
# Tables a feature parses itself when its command runs (newsdash/digest/config.py,
# etl/collect/settings.py, etl/imports/config.py, etl/sources_rules.py): a digest setting (an SMTP
# user without its password in the environment) must never stop the ETL.
FEATURE_TABLES = ("digest", "alerts", "collect", "import", "sources")


@cache
def sample_data() -> Path:
    """The bundled sample data: `sample_data/` in a checkout, package data in a wheel."""
    return Path(str(files("newsdash.sample_data")))


@cache
def shipped_rankings() -> tuple[RankingDefinition, ...]:
    """The rankings of newsdash/defaults.toml (for Settings built in code: tests, tools)."""
    return parse_rankings(read_toml(DEFAULTS_FILE).get("rankings", {}), "defaults")


def shipped_feature_tables() -> Mapping[str, Mapping[str, Any]]:
    """The feature tables of newsdash/defaults.toml (for Settings built in code)."""
    defaults = read_toml(DEFAULTS_FILE)
    return {name: defaults.get(name, {}) for name in FEATURE_TABLES}


# The fields [limits.chars] bounds, in the order the data contract lists them.
LIMITED_FIELDS = ("event_id", "article_id", "session_id", "referrer", "user_agent", "title",
                  "section", "author", "url", "page_view_id", "widget")  # fmt: skip


@dataclass(frozen=True)
class Limits:
    """What one input line and its fields may hold ([limits] in the config)."""

    line_bytes: int
    excerpt_chars: int
    chars: Mapping[str, int]

    def as_variable(self) -> dict[str, int]:
        """The flat struct the loader's SQL reads (`getvariable('limits')`)."""
        return {"line_bytes": self.line_bytes, "excerpt_chars": self.excerpt_chars, **self.chars}


def whole_number(value: Any, key: str, where: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(
            f"{where}: {key} must be a whole number, at least {least:,} (not {value!r})"
        )
    return value


def read_limits(data: Mapping[str, Any], where: str) -> Limits:
    """[limits] of the merged config: every key known, every value a positive whole number."""
    table = data.get("limits", {})
    chars = table.get("chars", {})
    unknown = sorted(set(chars) - set(LIMITED_FIELDS)) + sorted(
        set(table) - {"line_bytes", "excerpt_chars", "chars"}
    )
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) in [limits]: {', '.join(unknown)}")
    return Limits(
        line_bytes=whole_number(table.get("line_bytes"), "[limits] line_bytes", where, 1024),
        excerpt_chars=whole_number(table.get("excerpt_chars"), "[limits] excerpt_chars", where, 1),
        chars={
            f: whole_number(chars.get(f), f"[limits.chars] {f}", where, 1) for f in LIMITED_FIELDS
        },
    )


ENGINES = ("duckdb", "spark")  # [etl] engine, `newsdash etl --engine` (etl/engines.py)


def engine_name(value: Any, where: str) -> str:
    if value not in ENGINES:
        raise ConfigError(
            f"{where}: [etl] engine must be one of {', '.join(ENGINES)} (not {value!r})"
        )
    return value


@cache
def default_limits() -> Limits:
    return read_limits(read_toml(DEFAULTS_FILE), str(DEFAULTS_FILE))


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
    dedupe_days: int = 7  # [etl] dedupe_days: site days of event_id keys kept for the dedupe
    engine: str = "duckdb"  # [etl] engine: what settles a batch, duckdb or spark (etl/engines.py)
    spark_master: str = "local[*]"  # [etl] spark_master: where the spark engine's executors are
    memory_limit: str | None = None
    rankings: tuple[RankingDefinition, ...] = field(default_factory=shipped_rankings)
    access: AccessRules = AccessRules()
    rising: RisingRule = RisingRule()
    limits: Limits = field(default_factory=lambda: default_limits())
    newsroom: Newsroom = Newsroom()  # [newsroom]: editions, author aliases, generic bylines
    secrets_file: Path | None = None  # [dashboard] secrets_file; None: Streamlit's own places
    # FEATURE_TABLES as the config gives them over the shipped defaults, not yet checked (a
    # dict, not a read-only view: Streamlit's cache hashes Settings by pickling).
    feature_tables: Mapping[str, Mapping[str, Any]] = field(default_factory=shipped_feature_tables)
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
    where = str(path) if path else "environment"
    data_dir = base / "newsdash-data"
    warehouse, etl, export, site = (
        table_of(data, name, where) for name in ("warehouse", "etl", "export", "site")
    )
    paths = {
        key: text_or_none(table.get(name), where, f"[{section}] {name}")
        for key, table, section, name in (
            ("db", warehouse, "warehouse", "db"),
            ("inbox", etl, "etl", "inbox"),
            ("export_dir", export, "export", "dir"),
        )
    }
    dashboard = table_of(data, "dashboard", source)
    named_secrets = dashboard.get("secrets_file")
    return Settings(
        db=resolve_path(paths["db"], data_dir / "newsdash.duckdb", base),
        inbox=resolve_path(paths["inbox"], sample_data(), base),
        export_dir=resolve_path(paths["export_dir"], data_dir / "exports", base),
        zone=parse_zone(str(site["timezone"]), where),
        export_after_etl=flag(export["after_etl"], where, "[export] after_etl"),
        export_dir_configured=paths["export_dir"] is not None,
        freshness_hours=number_in(
            site["freshness_hours"], where, "[site] freshness_hours", 0.01, MAX_FRESHNESS_HOURS
        ),
        retention_days=retention(warehouse.get("retention_days"), where),
        dedupe_days=int(
            number_in(etl.get("dedupe_days", 7), where, "[etl] dedupe_days", 1, 36_500, whole=True)
        ),
        engine=engine_name(etl.get("engine", "duckdb"), where),
        spark_master=str(etl.get("spark_master", "local[*]")),
        memory_limit=memory_size(warehouse.get("memory_limit"), where),
        rankings=parse_rankings(data.get("rankings", {}), source),
        access=parse_access(table_of(data, "access", source), dashboard, source),
        rising=parse_rising(dashboard, source),
        limits=read_limits(data, where),
        newsroom=parse_newsroom(table_of(data, "newsroom", source), source),
        secrets_file=resolve_path(str(named_secrets), Path(), base) if named_secrets else None,
        feature_tables={name: table_of(data, name, source) for name in FEATURE_TABLES},
        source=source,
    )
