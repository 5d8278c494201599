"""The collector's settings: the `[collect]` table of the config (newsdash/defaults.toml documents
each key), read through the same file, merge and environment rules as every other command, and
checked when `newsdash collect` runs (`Settings.feature_tables`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newsdash.settings import ConfigError, Settings, resolve_path, sample_data


@dataclass(frozen=True)
class CollectSettings:
    inbox: Path
    state_dir: Path
    salt_dir: Path
    site: str
    zone: ZoneInfo  # the site's: salts rotate at its midnight
    address: str
    port: int
    rotate_seconds: float
    rotate_events: int
    allowed_origins: tuple[str, ...]
    trust_forwarded_for: bool
    rate_per_second: float
    rate_burst: float
    honour_dnt: bool
    max_queue_events: int

    @property
    def state_file(self) -> Path:
        """The counters /healthz shows, kept for Data health and across restarts."""
        return self.state_dir / "collect-state.json"


def config_base(settings: Settings) -> Path:
    """Relative paths in the config are relative to the config file's folder (else the
    working folder), as for every other key."""
    return Path(settings.source).parent if settings.source != "defaults" else Path.cwd()


def default_inbox(settings: Settings, base: Path) -> Path:
    """The ETL's inbox when one is configured; never the bundled sample data (it is part of
    the repository): then `inbox/` beside the default data folder."""
    if settings.inbox.resolve() != sample_data().resolve():
        return settings.inbox
    return base / "newsdash-data" / "inbox"


def positive(table: dict[str, Any], key: str, where: str, kind: type = float) -> Any:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}: [collect] {key} must be a positive number, not {value!r}")
    return kind(value)


def origins(table: dict[str, Any], where: str) -> tuple[str, ...]:
    value = table["allowed_origins"]
    if not isinstance(value, list) or not all(isinstance(o, str) for o in value):
        raise ConfigError(f"{where}: [collect] allowed_origins must be a list of strings")
    return tuple(o.rstrip("/").lower() for o in value)


def collect_settings(settings: Settings) -> CollectSettings:
    """The [collect] settings, paths resolved; ConfigError names the key that is wrong."""
    table = dict(settings.feature_tables["collect"])
    base = config_base(settings)
    where = settings.source
    state_dir = resolve_path(table.get("state_dir"), settings.db.parent / "collect", base)
    return CollectSettings(
        inbox=resolve_path(table.get("inbox"), default_inbox(settings, base), base),
        state_dir=state_dir,
        salt_dir=resolve_path(table.get("salt_dir"), state_dir / "salt", base),
        site=str(table["site"]),
        zone=settings.zone,
        address=str(table["address"]),
        port=positive(table, "port", where, int),
        rotate_seconds=positive(table, "rotate_seconds", where),
        rotate_events=positive(table, "rotate_events", where, int),
        allowed_origins=origins(table, where),
        trust_forwarded_for=bool(table["trust_forwarded_for"]),
        rate_per_second=positive(table, "rate_limit_per_second", where),
        rate_burst=positive(table, "rate_limit_burst", where),
        honour_dnt=bool(table["honour_dnt"]),
        max_queue_events=positive(table, "max_queue_events", where, int),
    )
