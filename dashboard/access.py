"""Who may open the dashboard, and where it may listen: rules only, no Streamlit here, so the
launcher (`newsdash dashboard`) and the app decide the same way.

Sign-in is Streamlit's `st.login` (OpenID Connect), configured in the `[auth]` table of
`.streamlit/secrets.toml`. The identity provider only says who someone is; newsdash lets in
the e-mail addresses and domains of the config's `[access]` table (`settings.access`, checked by
newsdash/config_tables.py) and nobody else, and only when the provider vouches for the address:
its `verified_claim` (default `email_verified`) is the JSON boolean true. A missing claim,
"FALSE", "no" or 1 is not a yes. Addresses compare with ASCII-only case folding, so no Unicode
look-alike (the Kelvin sign K) folds into an allowed address. Without sign-in the dashboard
listens on localhost only, unless `[dashboard] allow_unauthenticated_remote = true` says, in
those words, that it may be exposed.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdash.config_tables import folded
from newsdash.dashboard.i18n import N_
from newsdash.settings import AccessRules, ConfigError, Settings

REQUIRED_SHARED = ("redirect_uri", "cookie_secret")
REQUIRED_PROVIDER = ("client_id", "client_secret", "server_metadata_url")
SECRETS_NAME = Path(".streamlit") / "secrets.toml"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str  # for the refusal page: why this account is not let in


def address_verified(rules: AccessRules, claims: Mapping[str, Any]) -> bool:
    """The provider vouches for the address: its claim is the JSON boolean true, nothing that
    merely looks like it (a missing claim is not a yes), unless the config opted out."""
    return rules.trust_unverified_email or claims.get(rules.verified_claim) is True


# The refusal page's reasons: catalogued, shown in the run's language (dashboard/gate.py).
UNVERIFIED = N_("your identity provider has not confirmed that this e-mail address is verified")
NO_ADDRESS = N_("your account did not give the dashboard an e-mail address")
NO_ONE_YET = N_("no one has been given access yet (the allow-list is empty)")
NOT_LISTED = N_("this address is not on the dashboard's allow-list")


def verdict(rules: AccessRules, claims: Mapping[str, Any]) -> Verdict:
    """Whether the signed-in account (its ID-token claims) may see the dashboard."""
    email = claims.get("email")
    if not isinstance(email, str) or email.count("@") != 1:
        return Verdict(False, NO_ADDRESS)
    if not address_verified(rules, claims):
        return Verdict(False, UNVERIFIED)
    address = folded(email)
    domain = address.rpartition("@")[2]
    if address in rules.emails or domain in rules.domains:
        return Verdict(True, "")
    if not rules.emails and not rules.domains:
        return Verdict(False, NO_ONE_YET)
    return Verdict(False, NOT_LISTED)


# --- sign-in configuration ---------------------------------------------------------------------


def provider_name(auth: Mapping[str, Any]) -> str | None:
    """None for the unnamed provider of `[auth]`, else the first `[auth.NAME]` table's NAME."""
    if "client_id" in auth:
        return None
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    return named[0] if named else None


LACKS = N_("[auth] in secrets.toml lacks {settings}")
UNDERSCORE = N_("[auth.{name}]: Streamlit does not accept '_' in a provider name")


def signin_gap(auth: Mapping[str, Any]) -> tuple[str, dict[str, str]] | None:
    """What is missing from an `[auth]` table for `st.login` to work, as a catalogued message
    and its values (the page shows it translated, the server log in English), or None."""
    missing = [k for k in REQUIRED_SHARED if not auth.get(k)]
    name = provider_name(auth)
    provider = auth if name is None else auth[name]
    missing += [k for k in REQUIRED_PROVIDER if not provider.get(k)]
    if missing:
        return LACKS, {"settings": ", ".join(missing)}
    if "_" in (name or ""):
        return UNDERSCORE, {"name": name}
    return None


def signin_problem(auth: Mapping[str, Any]) -> str | None:
    """signin_gap in English, for the server's log and the command line."""
    gap = signin_gap(auth)
    return gap[0].format(**gap[1]) if gap else None


def secrets_files(settings: Settings, cwd: Path | None = None) -> list[Path]:
    """Where the launcher tells Streamlit to read secrets, and reads `[auth]` itself.

    `[dashboard] secrets_file` when set (relative to the config file); otherwise Streamlit's
    own places: ~/.streamlit/secrets.toml, then ./.streamlit/secrets.toml (the later wins).
    """
    if settings.secrets_file is not None:
        return [settings.secrets_file]
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


def exposure_problem(address: str | None, signin: bool, rules: AccessRules) -> str | None:
    """Why the dashboard must not listen on `address`, or None when it may."""
    if signin or is_loopback(address) or rules.allow_unauthenticated_remote:
        return None
    shown = address or "every network interface"
    return (
        f"refusing to serve on {shown} without sign-in: configure [auth] in "
        ".streamlit/secrets.toml, or set [dashboard] allow_unauthenticated_remote = true "
        "to let anyone who reaches it read the dashboard"
    )
