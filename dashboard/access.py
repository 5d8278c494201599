"""Who may open the dashboard, and where it may listen: rules only, no Streamlit here, so the
launcher (`newsdash dashboard`) and the app decide the same way.

Sign-in is Streamlit's `st.login` (OpenID Connect), configured in the `[auth]` table of
`.streamlit/secrets.toml`. The identity provider only says who someone is; newsdash lets in
the e-mail addresses and domains of the config's `[access]` table and nobody else, and only
when the provider vouches for the address: its `verified_claim` (default `email_verified`) is
the JSON boolean true. A missing claim, "FALSE", "no" or 1 is not a yes. Addresses compare
with ASCII-only case folding, so no Unicode look-alike (the Kelvin sign K) folds into an
allowed address. Without
sign-in the dashboard listens on localhost only, unless `[dashboard]
allow_unauthenticated_remote = true` says, in those words, that it may be exposed.
"""

from __future__ import annotations

import ipaddress
import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.config import ConfigError, Settings

REQUIRED_SHARED = ("redirect_uri", "cookie_secret")
REQUIRED_PROVIDER = ("client_id", "client_secret", "server_metadata_url")
SECRETS_NAME = Path(".streamlit") / "secrets.toml"
DEFAULT_VERIFIED_CLAIM = "email_verified"
ACCESS_KEYS = ("allowed_emails", "allowed_domains", "verified_claim", "trust_unverified_email")
CLAIM_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# Only A-Z fold: str.lower() also folds U+212A KELVIN SIGN into "k" (and casefold() more).
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@dataclass(frozen=True)
class Rules:
    """The `[access]` allow-list (ASCII-lowercased), what proves an address verified, and the
    `[dashboard]` exposure setting."""

    emails: frozenset[str]
    domains: frozenset[str]
    allow_unauthenticated_remote: bool = False
    verified_claim: str = DEFAULT_VERIFIED_CLAIM  # must be the JSON boolean true
    trust_unverified_email: bool = False  # the explicit opt-out: no verification asked


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str  # for the refusal page: why this account is not let in


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


def rules(settings: Settings) -> Rules:
    """The access rules of the config; ConfigError names a malformed key."""
    table = settings.raw.get("access", {})
    where = settings.source
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
    dashboard = settings.raw.get("dashboard", {})
    remote = _flag(dashboard, "allow_unauthenticated_remote", f"{where}: [dashboard]")
    return Rules(
        frozenset(emails),
        frozenset(domains),
        remote,
        verified_claim=_verified_claim(table, where),
        trust_unverified_email=_flag(table, "trust_unverified_email", f"{where}: [access]"),
    )


def address_verified(rules: Rules, claims: Mapping[str, Any]) -> bool:
    """The provider vouches for the address: its claim is the JSON boolean true, nothing that
    merely looks like it (a missing claim is not a yes), unless the config opted out."""
    return rules.trust_unverified_email or claims.get(rules.verified_claim) is True


UNVERIFIED = "your identity provider has not confirmed that this e-mail address is verified"


def verdict(rules: Rules, claims: Mapping[str, Any]) -> Verdict:
    """Whether the signed-in account (its ID-token claims) may see the dashboard."""
    email = claims.get("email")
    if not isinstance(email, str) or email.count("@") != 1:
        return Verdict(False, "your account did not give the dashboard an e-mail address")
    if not address_verified(rules, claims):
        return Verdict(False, UNVERIFIED)
    address = folded(email)
    domain = address.rpartition("@")[2]
    if address in rules.emails or domain in rules.domains:
        return Verdict(True, "")
    if not rules.emails and not rules.domains:
        return Verdict(False, "no one has been given access yet (the allow-list is empty)")
    return Verdict(False, "this address is not on the dashboard's allow-list")


# --- sign-in configuration ---------------------------------------------------------------------


def provider_name(auth: Mapping[str, Any]) -> str | None:
    """None for the unnamed provider of `[auth]`, else the first `[auth.NAME]` table's NAME."""
    if "client_id" in auth:
        return None
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    return named[0] if named else None


def signin_problem(auth: Mapping[str, Any]) -> str | None:
    """What is missing from an `[auth]` table for `st.login` to work, or None."""
    missing = [k for k in REQUIRED_SHARED if not auth.get(k)]
    name = provider_name(auth)
    provider = auth if name is None else auth[name]
    missing += [k for k in REQUIRED_PROVIDER if not provider.get(k)]
    if missing:
        return f"[auth] in secrets.toml lacks {', '.join(missing)}"
    if "_" in (name or ""):
        return f"[auth.{name}]: Streamlit does not accept '_' in a provider name"
    return None


def secrets_files(settings: Settings, cwd: Path | None = None) -> list[Path]:
    """Where the launcher tells Streamlit to read secrets, and reads `[auth]` itself.

    `[dashboard] secrets_file` when set (relative to the config file); otherwise Streamlit's
    own places: ~/.streamlit/secrets.toml, then ./.streamlit/secrets.toml (the later wins).
    """
    named = settings.raw.get("dashboard", {}).get("secrets_file")
    if named:
        path = Path(str(named)).expanduser()
        base = Path(settings.source).parent if settings.source != "defaults" else Path.cwd()
        return [path if path.is_absolute() else base / path]
    return [Path.home() / SECRETS_NAME, (cwd or Path.cwd()) / SECRETS_NAME]


def read_auth(files: Sequence[Path]) -> dict[str, Any] | None:
    """The merged `[auth]` table of the secrets files that exist, or None when none has one."""
    auth: dict[str, Any] | None = None
    for path in files:
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read as TOML ({type(exc).__name__})") from None
        if isinstance(data.get("auth"), Mapping):
            auth = {**(auth or {}), **data["auth"]}
    return auth


# --- where the server listens ------------------------------------------------------------------


def is_loopback(address: str | None) -> bool:
    """Only this computer can connect (an unset address listens on every interface)."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_problem(address: str | None, signin: bool, rules: Rules) -> str | None:
    """Why the dashboard must not listen on `address`, or None when it may."""
    if signin or is_loopback(address) or rules.allow_unauthenticated_remote:
        return None
    shown = address or "every network interface"
    return (
        f"refusing to serve on {shown} without sign-in: configure [auth] in "
        ".streamlit/secrets.toml, or set [dashboard] allow_unauthenticated_remote = true "
        "to let anyone who reaches it read the dashboard"
    )
