"""Who gets in and where the dashboard listens: the allow-list, the launcher's refusal to
expose an unauthenticated dashboard, and the door every page run passes first (AppTest:
nothing is read from the warehouse before it opens)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newsdash.commands import main
from newsdash.config_tables import AccessRules, parse_access
from newsdash.dashboard import access, data
from newsdash.settings import ConfigError, load_settings
from newsdash.sql import store
from tests.support.sample import APP, PAGE_FILES

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-not-a-real-one",
    "client_id": "newsdash",
    "client_secret": "test-client-secret",
    "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
}
EDITOR = {"is_logged_in": True, "email": "Editor@Example.com", "email_verified": True,
          "name": "Eddie Editor"}  # fmt: skip


def rules(emails=(), domains=(), remote=False, **access_keys) -> AccessRules:
    table = {"allowed_emails": list(emails), "allowed_domains": list(domains), **access_keys}
    return parse_access(table, {"allow_unauthenticated_remote": remote}, "newsdash.toml")


def verified(email: str) -> dict:
    return {"email": email, "email_verified": True}


@pytest.mark.parametrize(
    ("claims", "allowed"),
    [
        (verified("editor@example.com"), True),
        (verified(" EDITOR@example.COM "), True),  # case and spaces do not matter
        (verified("someone@newsroom.example.org"), True),
        (verified("someone@evil-newsroom.example.org"), False),  # not a suffix match
        (verified("someone@sub.newsroom.example.org"), False),  # subdomains are not included
        (verified("editor@example.com@evil.org"), False),
        (verified("stranger@elsewhere.org"), False),
        ({"name": "No Mail", "email_verified": True}, False),
    ],
)
def test_the_allow_list_lets_in_listed_addresses_and_domains_only(claims, allowed):
    verdict = access.verdict(rules(["editor@example.com"], ["@Newsroom.example.org"]), claims)
    assert verdict.allowed is allowed
    assert verdict.reason or allowed


@pytest.mark.parametrize(
    "said",
    [None, False, "false", "False", "FALSE", "no", "0", 0, 1, "true", "True", "yes", [True]],
    ids=repr,
)
def test_only_the_json_boolean_true_vouches_for_an_address(said):
    claims = {"email": "editor@example.com"} | ({} if said is None else {"email_verified": said})
    verdict = access.verdict(rules(["editor@example.com"]), claims)
    assert not verdict.allowed and verdict.reason == access.UNVERIFIED


@pytest.mark.parametrize("email", ["\u212aim@example.com", "kim@\u212aorea.example"])
def test_a_unicode_look_alike_never_folds_into_an_allowed_address(email):
    assert email.lower() in ("kim@example.com", "kim@korea.example")  # what .lower() makes of it
    allowed = rules(["kim@example.com"], ["korea.example"])
    assert not access.verdict(allowed, verified(email)).allowed


def test_an_entra_rule_takes_the_verified_domain_claim_instead():
    entra = rules(domains=["example.com"], verified_claim="xms_edov")
    assert access.verdict(entra, {"email": "kim@example.com", "xms_edov": True}).allowed
    for claims in ({"email": "kim@example.com"}, {"email": "kim@example.com", "xms_edov": False},
                   {"email": "kim@example.com", "xms_edov": "1"}, verified("kim@example.com")):  # fmt: skip
        assert access.verdict(entra, claims).reason == access.UNVERIFIED


def test_trusting_unverified_addresses_takes_the_explicit_opt_out():
    trusting = rules(["kim@example.com"], trust_unverified_email=True)
    assert access.verdict(trusting, {"email": "KIM@example.com"}).allowed
    assert not access.verdict(trusting, {"email": "\u212aim@example.com"}).allowed


def test_an_empty_allow_list_lets_nobody_in():
    assert not access.verdict(rules(), {"email": "editor@example.com"}).allowed


@pytest.mark.parametrize(
    "table",
    [{"allowed_emails": "editor@example.com"}, {"allowed_emails": ["not-an-address"]},
     {"allowed_domains": ["editor@example.com"]}, {"allowed_domains": ["localhost"]},
     {"verified_claim": ""}, {"verified_claim": True}, {"trust_unverified_email": "yes"},
     {"trust_unverifed_email": True}],
)  # fmt: skip
def test_a_malformed_allow_list_is_a_config_error(table, tmp_path):
    config = tmp_path / "newsdash.toml"
    # JSON writes these values as TOML does: true, "yes", ["..."]
    config.write_text("[access]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items()))
    with pytest.raises(ConfigError, match=r"newsdash.toml: \[access\]"):
        load_settings(config, env={})


def test_the_defaults_let_nobody_in_and_keep_the_dashboard_local():
    assert load_settings(env={}).access == AccessRules(frozenset(), frozenset(), False)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("localhost", True), ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("::", False), ("", False), (None, False),
     ("10.1.2.3", False), ("newsdash.example.com", False)],
)  # fmt: skip
def test_only_loopback_addresses_count_as_local(address, loopback):
    assert access.is_loopback(address) is loopback
    refused = access.exposure_problem(address, signin=False, rules=rules()) is not None
    assert refused is not loopback
    assert access.exposure_problem(address, signin=True, rules=rules()) is None
    assert access.exposure_problem(address, signin=False, rules=rules(remote=True)) is None


def test_an_incomplete_auth_table_is_named():
    assert access.signin_problem(AUTH) is None
    assert "cookie_secret" in access.signin_problem({**AUTH, "cookie_secret": ""})
    named = {k: AUTH[k] for k in access.REQUIRED_SHARED}
    named["microsoft"] = {k: AUTH[k] for k in access.REQUIRED_PROVIDER}
    assert access.provider_name(named) == "microsoft" and access.signin_problem(named) is None
    assert "client_secret" in access.signin_problem({**named, "microsoft": {"client_id": "x"}})


# --- the launcher ------------------------------------------------------------------------------


@pytest.fixture
def launch(monkeypatch, tmp_path):
    """`newsdash dashboard` with its config and secrets in tmp_path; the server is not started,
    the arguments it would get are recorded."""
    started = []
    monkeypatch.setattr("newsdash.dashboard.server.serve", lambda *a, **k: started.append(k) or 0)
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./.streamlit/secrets.toml of the developer's
    monkeypatch.setenv("HOME", str(tmp_path))  # nor ~/.streamlit/secrets.toml

    def run(config: str, *args: str) -> int:
        (tmp_path / "newsdash.toml").write_text(config)
        code = main(["--config", str(tmp_path / "newsdash.toml"), "dashboard",
                     "--db", str(tmp_path / "nd.duckdb"), *args])  # fmt: skip
        return code

    run.started = started
    return run


def secrets_toml(path: Path, auth: dict) -> Path:
    path.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in auth.items()))
    return path


def test_without_signin_the_dashboard_refuses_another_address(launch, capsys):
    assert launch("", "--address", "0.0.0.0") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [err[0]] and "refusing to serve on 0.0.0.0 without sign-in" in err[0]
    assert "allow_unauthenticated_remote" in err[0]
    assert not launch.started

    assert launch("") == 0
    assert launch.started[-1]["address"] == "localhost"
    assert "sign-in off" in capsys.readouterr().err


def test_exposing_it_without_signin_takes_the_named_setting(launch):
    config = "[dashboard]\nallow_unauthenticated_remote = true\n"
    assert launch(config, "--address", "0.0.0.0") == 0
    assert launch.started[-1]["address"] == "0.0.0.0"


def test_with_signin_it_may_listen_anywhere_and_no_secret_is_printed(launch, tmp_path, capsys):
    secrets = secrets_toml(tmp_path / "auth.toml", AUTH)
    config = (
        '[dashboard]\nsecrets_file = "auth.toml"\n[access]\nallowed_domains = ["example.com"]\n'
    )
    assert launch(config, "--address", "0.0.0.0") == 0
    assert launch.started[-1]["secrets"] == [secrets]
    out = capsys.readouterr()
    assert "sign-in on" in out.err and "1 domain(s)" in out.err
    assert "verified by the claim email_verified" in out.err
    for secret in (AUTH["cookie_secret"], AUTH["client_secret"]):
        assert secret not in out.out + out.err


def test_half_configured_signin_refuses_to_start(launch, tmp_path, capsys):
    secrets_toml(tmp_path / "auth.toml", {**AUTH, "cookie_secret": ""})
    assert launch('[dashboard]\nsecrets_file = "auth.toml"\n') == 2
    assert "cookie_secret" in capsys.readouterr().err


# --- the door, in the app ----------------------------------------------------------------------


@pytest.fixture
def no_reads(monkeypatch):
    """Fail the test if anything opens or reads the warehouse."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the warehouse was read before the door opened")

    monkeypatch.setattr(data, "source", forbidden)  # the first thing the app reads
    monkeypatch.setattr(store.Database, "reading", forbidden)  # every query's connection


@pytest.fixture
def door(monkeypatch, tmp_path, sample):
    """Open the app as `user` (None: nobody signed in) with `auth` secrets and a config."""
    monkeypatch.setenv("NEWSDASH_DB", str(sample.db))
    monkeypatch.setenv("NEWSDASH_CONFIG", str(tmp_path / "newsdash.toml"))

    def run(user: dict | None, *, auth=AUTH, config: str = "") -> AppTest:
        (tmp_path / "newsdash.toml").write_text(config)
        return open_app(user, auth)

    return run


def open_app(user: dict | None, auth: dict | None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if auth:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    return at.run()


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "error", "warning", "info")
             for e in getattr(at, kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


def assert_no_data(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric and not at.dataframe and not at.main.get("plotly_chart")
    assert not at.sidebar.get("multiselect"), "no filters (they list the sections)"


@pytest.mark.parametrize("page", ["overview", "rankings", "health"])
def test_a_visitor_who_has_not_signed_in_sees_only_the_signin_page(door, no_reads, page):
    at = door({"is_logged_in": False})
    if page != "overview":
        at.switch_page(PAGE_FILES[page]).run()
    assert_no_data(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_an_account_outside_the_allow_list_is_refused_politely(door, no_reads):
    user = {"is_logged_in": True, "email": "stranger@elsewhere.org", "email_verified": True,
            "name": "[x](javascript:1)"}  # fmt: skip
    at = door(user, config='[access]\nallowed_emails = ["editor@example.com"]\n')
    assert_no_data(at)
    text = shown_text(at)
    assert "Sorry" in at.title[0].value and "not on the dashboard's allow-list" in text
    assert not re.search(r"\d", text), "the refusal shows no number"
    assert [b.label for b in at.button] == ["Sign out"]


def test_an_unverified_address_is_refused(door, no_reads):
    user = {**EDITOR, "email_verified": False}
    at = door(user, config='[access]\nallowed_domains = ["example.com"]\n')
    assert_no_data(at)
    assert "not confirmed that this e-mail address is verified" in shown_text(at)


def test_an_allowed_editor_gets_the_dashboard_with_name_and_sign_out(door):
    at = door(EDITOR, config='[access]\nallowed_domains = ["example.com"]\n')
    assert not at.exception and not at.error
    assert at.title[0].value == "Overview" and at.metric
    sidebar = "\n".join(c.value for c in at.sidebar.caption)
    assert "Signed in as **Eddie Editor**" in sidebar
    assert "Sign out" in [b.label for b in at.sidebar.button]


def test_incomplete_signin_settings_show_nothing(door, no_reads):
    at = door(EDITOR, auth={**AUTH, "client_secret": ""})
    assert_no_data(at)
    assert "client_secret" in at.error[0].value


def test_without_signin_the_sidebar_says_the_dashboard_is_local(door):
    at = door(None, auth=None)
    assert not at.exception and not at.error
    assert any("only on this computer" in c.value for c in at.sidebar.caption)
