"""The `[digest]` and `[alerts]` settings (defaults in newsdash/defaults.toml), checked once, when
a digest or alerts command runs (`Settings.feature_tables`: so a digest setting never stops the
ETL).

Every problem is a ConfigError naming the file and the key. The SMTP password is never read
from a file: only from the environment (`NEWSDASH_SMTP_PASSWORD`), so no config in a repository
or a backup holds it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any

from newsdash.settings import ConfigError, Settings

PASSWORD_ENV = "NEWSDASH_SMTP_PASSWORD"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    starttls: bool
    username: str | None
    password: str | None
    timeout: float

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class DigestConfig:
    dashboard_url: str
    sender: str
    recipients: tuple[str, ...]
    apprise_urls: tuple[str, ...]
    rankings: tuple[tuple[str, int], ...]  # (ranking name, rows shown)
    smtp: Smtp


@dataclass(frozen=True)
class AlertConfig:
    dashboard_url: str
    apprise_urls: tuple[str, ...]
    threshold: float  # lift: recent views / usual views at those hours
    min_views: int
    recent_hours: int
    baseline_days: int
    max_age_hours: float


def _table(settings: Settings, name: str) -> Mapping[str, Any]:
    """The config's table, over the shipped defaults (newsdash/settings.py merged them)."""
    return settings.feature_tables[name]


def _fail(settings: Settings, key: str, message: str) -> ConfigError:
    return ConfigError(f"{settings.source}: {key} {message}")


def _text_list(settings: Settings, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(settings, key, f'must be a list of strings, e.g. ["..."], got {value!r}')
    return tuple(v.strip() for v in value)


def _number(settings: Settings, key: str, value: Any, kind: type, low: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
        raise _fail(settings, key, f"must be a number of at least {low:g}, got {value!r}")
    if kind is int and not float(value).is_integer():
        raise _fail(settings, key, f"must be a whole number, got {value!r}")
    return kind(value)


def _address(settings: Settings, key: str, text: str) -> str:
    """One mail address (a display name is allowed): checked by the `email` package's parser."""
    name, addr = parseaddr(text)
    try:
        parsed = Address(display_name=name, addr_spec=addr)
    except (ValueError, IndexError) as exc:
        raise _fail(settings, key, f"holds {text!r}, which is not a mail address") from exc
    if not parsed.username or not parsed.domain:
        raise _fail(settings, key, f"holds {text!r}, which is not a mail address (name@domain)")
    return text


def _url(settings: Settings, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise _fail(settings, key, f"must be the dashboard's address (http:// or https://), got {value!r}")  # fmt: skip
    return value.rstrip("/")


def _rankings(settings: Settings, value: Any) -> tuple[tuple[str, int], ...]:
    key = "[digest] rankings"
    if not isinstance(value, Mapping):
        raise _fail(settings, key, f"must be a table such as {{ most_viewed = 10 }}, got {value!r}")
    return tuple((str(n), _number(settings, f"{key}.{n}", r, int, 1)) for n, r in value.items())


def smtp_config(settings: Settings, table: Mapping[str, Any], env: Mapping[str, str]) -> Smtp:
    username = str(table.get("smtp_username") or "").strip() or None
    password = env.get(PASSWORD_ENV) or None
    if username and not password:
        raise ConfigError(
            f"{settings.source}: [digest] smtp_username is set: put the password in the "
            f"environment variable {PASSWORD_ENV} (never in a file)"
        )
    starttls = table["smtp_starttls"]
    if not isinstance(starttls, bool):
        raise _fail(settings, "[digest] smtp_starttls", f"must be true or false, got {starttls!r}")
    if username and not starttls:
        raise ConfigError(
            f"{settings.source}: [digest] smtp_username needs smtp_starttls = true: the "
            "password would cross the network in clear text"
        )
    host = table["smtp_host"]
    if not isinstance(host, str) or not host.strip():
        raise _fail(settings, "[digest] smtp_host", f"must be a host name, got {host!r}")
    return Smtp(
        host=host.strip(),
        port=_number(settings, "[digest] smtp_port", table["smtp_port"], int, 1),
        starttls=starttls,
        username=username,
        password=password,
        timeout=_number(settings, "[digest] smtp_timeout", table["smtp_timeout"], float, 1),
    )


def digest_config(settings: Settings, env: Mapping[str, str] | None = None) -> DigestConfig:
    env = os.environ if env is None else env
    table = _table(settings, "digest")
    recipients = _text_list(settings, "[digest] recipients", table["recipients"])
    return DigestConfig(
        dashboard_url=_url(settings, "[digest] dashboard_url", table["dashboard_url"]),
        sender=_address(settings, "[digest] sender", str(table["sender"])),
        recipients=tuple(_address(settings, "[digest] recipients", r) for r in recipients),
        apprise_urls=_text_list(settings, "[digest] apprise_urls", table["apprise_urls"]),
        rankings=_rankings(settings, table["rankings"]),
        smtp=smtp_config(settings, table, env),
    )  # fmt: skip


def alert_config(settings: Settings) -> AlertConfig:
    table = _table(settings, "alerts")
    rising = settings.rising  # shared with the Overview's "Rising now" ([dashboard.rising])
    digest = _table(settings, "digest")
    return AlertConfig(
        dashboard_url=_url(settings, "[digest] dashboard_url", digest["dashboard_url"]),
        apprise_urls=_text_list(settings, "[alerts] apprise_urls", table["apprise_urls"]),
        threshold=_number(settings, "[alerts] threshold", table["threshold"], float, 1),
        min_views=_number(settings, "[alerts] min_views", table["min_views"], int, 1),
        recent_hours=rising.recent_hours,
        baseline_days=rising.baseline_days,
        max_age_hours=_number(settings, "[alerts] max_age_hours", table["max_age_hours"], float, 0),
    )  # fmt: skip
