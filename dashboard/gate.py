"""The door of the dashboard, drawn by the entrypoint before anything is read.

With `[auth]` in the secrets: a visitor who has not signed in sees the sign-in page; a
signed-in account outside the `[access]` allow-list sees a polite refusal; an editor gets the
dashboard with their name and a sign-out button in the sidebar. Without `[auth]`: the
dashboard opens only where the server listens on localhost (or where the config explicitly
allows exposing it), and the sidebar says so. Neither page reads or shows any data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit import config as streamlit_config

from newsdash.dashboard import access
from newsdash.dashboard.i18n import N_, _
from newsdash.dashboard.text import plain
from newsdash.settings import AccessRules

ADMIN_HINT = N_(
    "If you should have access, ask whoever runs newsdash to add your address (or your "
    "organisation's domain) to the allow-list: `[access] allowed_emails` or "
    "`allowed_domains` in the newsdash config."
)


def auth_section() -> Mapping[str, Any] | None:
    """The `[auth]` table of Streamlit's secrets, or None when sign-in is not configured."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file at all
        return None
    return section if isinstance(section, Mapping) else None


def admit(rules: AccessRules) -> bool:
    """Draw the door; True when this visitor may see the dashboard on this run."""
    auth = auth_section()
    if auth is None:
        return without_signin(rules)
    gap = access.signin_gap(auth)
    if gap:
        values = {**gap[1], **({"name": plain(gap[1]["name"])} if "name" in gap[1] else {})}
        problem = _(gap[0]).format(**values)  # the settings' names are ours; a provider's is not
        st.error(
            _("Sign-in is not set up completely: {problem}. Nothing is shown until it is.").format(
                problem=problem
            )
        )
        return False
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        signin_page(access.provider_name(auth))
        return False
    verdict = access.verdict(rules, claims)
    if not verdict.allowed:
        refusal_page(claims, verdict.reason)
        return False
    signed_in_sidebar(claims)
    return True


def listening_address() -> str | None:
    """Where this server listens; under AppTest nothing listens at all (counts as local).
    (AppTest patches `streamlit.config.get_option`, not the `st.get_option` alias.)"""
    if streamlit_config.get_option("global.appTest"):
        return "localhost"
    return streamlit_config.get_option("server.address")


def without_signin(rules: AccessRules) -> bool:
    address = listening_address()
    problem = access.exposure_problem(address, signin=False, rules=rules)
    if problem:
        # Started some other way than `newsdash dashboard` (which refuses before starting).
        shown = plain(address) if address else _("every network interface")
        st.error(
            _(
                "This dashboard refuses to serve on {address} without sign-in: configure [auth] in "
                ".streamlit/secrets.toml, or set [dashboard] allow_unauthenticated_remote = true "
                "to let anyone who reaches it read the dashboard."
            ).format(address=shown)
        )
        return False
    if access.is_loopback(address):
        st.sidebar.caption(
            _(
                ":material/lock: Sign-in is off: this dashboard answers only on this computer "
                "({address})."
            ).format(address=plain(address))
        )
    else:
        st.sidebar.warning(
            _(
                "Sign-in is off and anyone who reaches this server can read the dashboard "
                "(`[dashboard] allow_unauthenticated_remote = true`)."
            ),
            icon=":material/lock_open:",
        )
    return True


def signin_page(provider: str | None) -> None:
    st.title("newsdash")  # the product's name, in every language
    st.write(
        _(
            "The newsroom's engagement dashboard: sections, rankings, share channels. "
            "Sign in with your newsroom account to open it."
        )
    )
    if st.button(_("Sign in"), type="primary", icon=":material/login:", key="gate-signin"):
        st.login(provider)


def display_name(claims: Mapping[str, Any]) -> str:
    for key in ("name", "email", "preferred_username"):
        if isinstance(claims.get(key), str) and claims[key].strip():
            return claims[key]
    return _("(no name)")


def refusal_page(claims: Mapping[str, Any], reason: str) -> None:
    st.title(_("Sorry, this dashboard is for the newsroom's editors"))
    email = claims.get("email")
    who = plain(email, 200) if isinstance(email, str) else plain(display_name(claims), 200)
    st.write(_("You are signed in as **{who}**, but {reason}.").format(who=who, reason=_(reason)))
    st.write(_(ADMIN_HINT))
    if st.button(_("Sign out"), icon=":material/logout:", key="gate-signout"):
        st.logout()


def signed_in_sidebar(claims: Mapping[str, Any]) -> None:
    st.sidebar.caption(_("Signed in as **{name}**").format(name=plain(display_name(claims), 80)))
    if st.sidebar.button(_("Sign out"), icon=":material/logout:", key="gate-signout"):
        st.logout()
