"""Settings: one TOML file, environment overrides, and defaults that run on the bundled sample data.

Lookup order for the file: the `--config` option, `$NEWSDASH_CONFIG`, `./newsdash.toml`.
With no file at all, the inbox is the repository's `sample_data/` and the data lives in
`./newsdash-data/`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = PROJECT_ROOT / "sample_data"
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


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the file and the key."""


# Bounds that keep every date computed from a setting inside what Python and DuckDB hold.
MAX_RETENTION_DAYS = 36_500  # a hundred years
MAX_FRESHNESS_HOURS = 87_600  # ten years
MEMORY_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|[KMGT]i?B)\s*$", re.IGNORECASE)


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


# The fields [limits.chars] bounds, in the order the data contract lists them.
LIMITED_FIELDS = ("event_id", "article_id", "session_id", "referrer", "user_agent", "title",
                  "section", "author", "url")  # fmt: skip


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


@cache
def default_limits() -> Limits:
    return read_limits(read_toml(DEFAULTS_FILE), str(DEFAULTS_FILE))


@dataclass(frozen=True)
class Settings:
    db: Path
    inbox: Path
    export_dir: Path
    site_tz: str = "Asia/Seoul"
    export_after_etl: bool = True
    freshness_hours: float = 30.0
    retention_days: int | None = None
    memory_limit: str | None = None
    limits: Limits = field(default_factory=lambda: default_limits())
    source: str = "defaults"
    raw: Mapping[str, Any] = field(default_factory=dict)


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


def check_timezone(name: str, where: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{where}: unknown time zone {name!r} (use an IANA name such as Asia/Seoul)"
        ) from exc
    return name


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
    return Settings(
        db=resolve_path(paths["db"], data_dir / "newsdash.duckdb", base),
        inbox=resolve_path(paths["inbox"], SAMPLE_DATA, base),
        export_dir=resolve_path(paths["export_dir"], data_dir / "exports", base),
        site_tz=check_timezone(str(site["timezone"]), where),
        export_after_etl=flag(export["after_etl"], where, "[export] after_etl"),
        freshness_hours=number_in(
            site["freshness_hours"], where, "[site] freshness_hours", 0.01, MAX_FRESHNESS_HOURS
        ),
        retention_days=retention(warehouse.get("retention_days"), where),
        memory_limit=memory_size(warehouse.get("memory_limit"), where),
        limits=read_limits(data, where),
        source=str(path) if path else "defaults",
        raw=data,
    )
