"""In the real headless browser, against the real server (started as `newsdash dashboard`
starts it):

- sign-in end to end against a real local OpenID Connect provider (oidc-provider-mock): an
  allowed editor signs in and sees the Overview, signs out and is back at the sign-in page;
  an account outside the allow-list sees the refusal page and no number; so does an allowed
  address the provider does not vouch for (no `email_verified`, "FALSE", "no") and a
  Kelvin-sign look-alike of one; with the Entra rule only `xms_edov: true` lets in;
- the hostile warehouse (tests/support/hostile.py) on every page: every payload shows as
  literal text, no element is created from it and no script runs (window.__pwned stays unset).

The browser may only reach this machine: every other request is aborted.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

from newsdash.dashboard.server import server_command, server_env
from newsdash.exports import ranking_for
from newsdash.formats import ranking_json
from tests.support.browser import (
    CHART,
    elsewhere,
    free_port,
    recording_context,
    settle,
    skip_module_without_chromium,
    wait_until_healthy,
)
from tests.support.hostile import ARTICLES, IMG, SCRIPT, hostile_warehouse
from tests.support.sample import CHART_PAGES, PAGES

skip_module_without_chromium()
README = Path(__file__).resolve().parent.parent / "README.md"
oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

EDITOR = {"email": "editor@example.com", "email_verified": True, "name": "Eddie Editor"}
STRANGER = {"email": "stranger@elsewhere.org", "email_verified": True, "name": "Sam Stranger"}
ELSEWHERE = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])")
WIDTH = 1400


def local_page(browser):
    """A fresh browser context (no cookies) that can reach only this machine."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000})
    context.route(ELSEWHERE, lambda route: route.abort())
    return context.new_page()


@contextmanager
def dashboard_server(folder: Path, db: Path, config: Path, secrets_file: Path, port: int):
    """The server as `newsdash dashboard` starts it, with these config and secrets files;
    yields its log file."""
    log = folder / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(server_command(port, "127.0.0.1", [secrets_file]),
                                env=server_env(db, config), stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", proc, log)
        yield log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def signin_server(folder: Path, db: Path, accounts: dict[str, dict], config: str):
    """The warehouse `db` behind sign-in: a local OIDC provider that knows `accounts` (the
    provider's sign-in button is the key), with this newsdash config; yields (dashboard
    address, provider address, server log)."""
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in accounts.items()]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        port = free_port()
        (folder / "secrets.toml").write_text(
            f'[auth]\nredirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\nclient_id = "newsdash-test"\n'
            f'client_secret = "{secrets.token_urlsafe(16)}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        )
        (folder / "newsdash.toml").write_text(config)
        with dashboard_server(folder, db, folder / "newsdash.toml",
                              folder / "secrets.toml", port) as log:  # fmt: skip
            yield f"http://localhost:{port}", issuer, log


# Accounts whose provider does not vouch for an allowed address, and a look-alike of one.
UNVERIFIED = {
    "no-claim": {"email": "editor@example.com", "name": "No Claim"},
    "false-in-capitals": {"email": "editor@example.com", "email_verified": "FALSE"},
    "no-as-a-word": {"email": "editor@example.com", "email_verified": "no"},
}
KELVIN = {"email": "\u212aim@example.com", "email_verified": True, "name": "Kelvin Sign"}


@pytest.fixture(scope="module")
def signin(tmp_path_factory, sample):
    """An allow-list with two addresses; the provider knows the editor, a stranger, the
    unverified accounts and the Kelvin-sign look-alike of kim@example.com."""
    accounts = {EDITOR["email"]: EDITOR, STRANGER["email"]: STRANGER, "kelvin-sign": KELVIN,
                **UNVERIFIED}  # fmt: skip
    config = '[access]\nallowed_emails = ["editor@example.com", "kim@example.com"]\n'
    with signin_server(tmp_path_factory.mktemp("signin"), sample.db, accounts, config) as running:
        yield running


# Microsoft Entra ID sends no email_verified; its optional claim xms_edov says the address's
# domain is one the tenant has verified.
ENTRA = {
    "entra-verified-domain": {"email": "editor@example.com", "xms_edov": True, "name": "Eddie"},
    "entra-unverified-domain": {"email": "editor@example.com", "xms_edov": False},
    "entra-no-claim": {"email": "editor@example.com", "email_verified": True},
}


@pytest.fixture(scope="module")
def entra_signin(tmp_path_factory, sample):
    config = '[access]\nallowed_domains = ["example.com"]\nverified_claim = "xms_edov"\n'
    with signin_server(tmp_path_factory.mktemp("entra"), sample.db, ENTRA, config) as running:
        yield running


def assert_no_secret_in(log: Path) -> None:
    secrets_toml = (log.parent / "secrets.toml").read_text()
    for key in ("cookie_secret", "client_secret"):
        value = re.search(rf'{key} = "([^"]+)"', secrets_toml).group(1)
        assert value not in log.read_text(), f"the server log shows the {key}"


def sign_in_as(page, base: str, issuer: str, account: str) -> None:
    page.goto(base + "/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(issuer)))  # the identity provider's own page
    page.get_by_role("button", name=account, exact=True).click()
    page.wait_for_url(re.compile(re.escape(base)))


def refusal_text(page) -> str:
    """The refusal page's text, once it is drawn; fails if the dashboard opened instead."""
    page.get_by_role("heading", name=re.compile("Sorry")).wait_for(timeout=30_000)
    settle(page)
    assert page.locator("[data-testid=stMetric], [data-testid=stDataFrame], .js-plotly-plot,"
                        "[data-testid=stSidebarNav]").count() == 0  # fmt: skip
    return main_text(page)


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def test_an_editor_signs_in_sees_the_overview_and_signs_out(signin, browser):
    base, issuer, log = signin
    page = local_page(browser)
    page.goto(base + "/rankings")  # a deep link opens the sign-in page, not the data
    page.get_by_role("button", name="Sign in").wait_for()
    assert page.locator("[data-testid=stMetric], [data-testid=stDataFrame]").count() == 0

    sign_in_as(page, base, issuer, EDITOR["email"])
    page.wait_for_selector(CHART, timeout=30_000)
    settle(page)
    assert page.get_by_role("heading", name="Overview").count() == 1
    assert page.locator("[data-testid=stMetric]").count() == 5
    sidebar = page.locator("[data-testid=stSidebar]")
    assert "Signed in as Eddie Editor" in sidebar.inner_text()

    sidebar.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(re.escape(issuer)))  # the provider ends its session too
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    settle(page)
    assert "Overview" not in main_text(page)
    assert page.locator("[data-testid=stMetric], .js-plotly-plot").count() == 0
    page.goto(base + "/")  # and stays signed out
    page.get_by_role("button", name="Sign in").wait_for()
    page.context.close()
    assert_no_secret_in(log)


def test_the_signin_page_requests_nothing_from_another_origin(signin, browser):
    base, _, _ = signin
    context, requested = recording_context(browser, base)
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    settle(page)
    page.wait_for_load_state("networkidle")
    assert requested and elsewhere(requested, base) == []
    context.close()


def test_an_account_outside_the_allow_list_sees_the_refusal_and_no_number(signin, browser):
    base, issuer, _ = signin
    page = local_page(browser)
    sign_in_as(page, base, issuer, STRANGER["email"])
    page.get_by_role("heading", name=re.compile("Sorry")).wait_for(timeout=30_000)
    settle(page)
    text = main_text(page)
    assert "not on the dashboard's allow-list" in text and "stranger" in text
    assert not re.search(r"\d", text), f"a number on the refusal page: {text!r}"
    assert not re.search(r"\d", page.locator("[data-testid=stSidebar]").all_inner_texts().__str__())
    assert page.locator("[data-testid=stMetric], [data-testid=stDataFrame], .js-plotly-plot,"
                        "[data-testid=stSidebarNav]").count() == 0  # fmt: skip
    assert page.locator('[data-testid=stMain] a:not([href^="#"])').count() == 0, "no link"
    page.context.close()


@pytest.mark.parametrize("account", list(UNVERIFIED))
def test_an_allowed_address_the_provider_does_not_vouch_for_is_refused(signin, browser, account):
    base, issuer, _ = signin
    page = local_page(browser)
    sign_in_as(page, base, issuer, account)
    text = refusal_text(page)
    assert "not confirmed that this e-mail address is verified" in text
    page.context.close()


def test_a_kelvin_sign_look_alike_of_an_allowed_address_is_refused(signin, browser):
    base, issuer, _ = signin
    page = local_page(browser)
    sign_in_as(page, base, issuer, "kelvin-sign")
    text = refusal_text(page).replace("\u2060", "")  # the word joiner that stops autolinks
    assert "not on the dashboard's allow-list" in text and "\u212aim@example.com" in text
    page.context.close()


def test_with_the_entra_rule_only_a_verified_domain_claim_lets_in(entra_signin, browser):
    base, issuer, _ = entra_signin
    for account in ("entra-unverified-domain", "entra-no-claim"):
        page = local_page(browser)
        sign_in_as(page, base, issuer, account)
        assert "not confirmed that this e-mail address is verified" in refusal_text(page)
        page.context.close()
    page = local_page(browser)
    sign_in_as(page, base, issuer, "entra-verified-domain")
    page.wait_for_selector(CHART, timeout=30_000)
    settle(page)
    assert page.get_by_role("heading", name="Overview").count() == 1
    assert "Signed in as Eddie" in page.locator("[data-testid=stSidebar]").inner_text()
    page.context.close()


# --- hostile text ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-browser")
    settings = hostile_warehouse(folder)
    (folder / "newsdash.toml").write_text("")
    port = free_port()
    with dashboard_server(folder, settings.db, folder / "newsdash.toml", folder / "none", port):
        yield f"http://127.0.0.1:{port}"


# What any payload would create if it ran or were rendered as markup.
CREATED = """() => ({
    pwned: window.__pwned,
    imgs: [...document.querySelectorAll('img')].filter(e => e.getAttribute('src') === 'x').length,
    handlers: document.querySelectorAll('[onerror]').length,
    scripts: [...document.querySelectorAll('script')]
        .filter(e => e.textContent.includes('__pwned')).length,
    jsLinks: [...document.querySelectorAll('a')].filter(
        e => /^\\s*javascript:/i.test(e.getAttribute('href') || '')).length,
    markdownLinks: [...document.querySelectorAll('[data-testid=stMarkdownContainer] a')]
        .filter(e => !(e.getAttribute('href') || '').startsWith('#')).length,
    svgLinks: document.querySelectorAll('.main-svg a').length,
    bold: [...document.querySelectorAll('b, strong')]
        .filter(e => /^(author|Bold|Link section|end)$/.test(e.textContent.trim())).length,
})"""
NOTHING = {"pwned": None, "imgs": 0, "handlers": 0, "scripts": 0, "jsLinks": 0,
           "markdownLinks": 0, "svgLinks": 0, "bold": 0}  # fmt: skip


def visible_text(page) -> str:
    """The page's text as an editor reads it (word joiners are invisible)."""
    return page.locator("body").inner_text().replace("\u2060", "")


@pytest.mark.parametrize("page_name", PAGES)
def test_hostile_text_stays_text_on_every_page(hostile_server, browser, page_name):
    page = local_page(browser)
    query = {"sections": [ARTICLES[0]["section"], ARTICLES[1]["section"]], "article": "H1",
             "rank_section": ARTICLES[0]["section"]}  # fmt: skip
    path = "" if page_name == "overview" else page_name
    page.goto(f"{hostile_server}/{path}?{urlencode(query, doseq=True)}")
    # Live and Boxes draw no chart here (no recent event, no box impression): their title
    drawn = "[role=tab]" if page_name == "rankings" else CHART if page_name in CHART_PAGES else "h1"
    page.wait_for_selector(drawn, timeout=30_000)
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    # On Live the chosen section is only in the sidebar's chips, drawn last on a loaded machine.
    page.wait_for_function("t => document.body.innerText.replaceAll('\u2060', '').includes(t)",
                           arg=ARTICLES[0]["section"], timeout=15_000)  # fmt: skip
    shown = visible_text(page)
    assert "Traceback" not in shown
    assert ARTICLES[0]["section"] in shown, "the chosen section is shown literally"
    for chart in page.locator(".js-plotly-plot").all()[:3]:
        box = chart.locator(".main-svg").first.bounding_box()
        if box:  # plotly draws its hover label from the same text: hover over the chart
            page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    if page_name == "article":
        assert f"{SCRIPT}Script title" in shown, "the title reads literally"
    if page_name == "sections":
        assert IMG in page.locator(".js-plotly-plot").first.inner_text() + shown
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").click()  # the options
    page.wait_for_timeout(300)
    assert page.evaluate(CREATED) == NOTHING
    page.context.close()


def test_long_titles_links_and_controls_read_literally_on_the_article_page(hostile_server,
                                                                           browser):  # fmt: skip
    page = local_page(browser)
    for article, expected in (("H2", "https://evil.example/phish www.evil.example"),
                              ("H3", "Long TTTT"), ("H4", "bell\\x07 esc\\x1b[31m")):  # fmt: skip
        page.goto(f"{hostile_server}/article?article={article}")
        page.wait_for_selector("[data-testid=stHeadingWithActionElements]", timeout=30_000)
        settle(page)
        heading = page.locator("[data-testid=stMain] h3").first.inner_text().replace("\u2060", "")
        assert expected in heading
        if article == "H3":
            assert len(heading) <= 500 and heading.endswith("…"), "a 10,000-character title is cut"
        assert page.evaluate(CREATED) == NOTHING
    page.context.close()


# --- the widgets' JSON -------------------------------------------------------------------------


def readme_widget() -> str:
    """The example widget of README.md ("The ranking JSON"), as the web team would copy it."""
    blocks = re.findall(r"```js\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    [code] = [b for b in blocks if "function showRanking" in b]
    return code


@pytest.fixture(scope="module")
def hostile_json(tmp_path_factory) -> tuple[bytes, list[dict]]:
    """Every hostile article ranked, as `newsdash rank popular --limit all --format json`."""
    settings = hostile_warehouse(tmp_path_factory.mktemp("hostile-json"))
    data = ranking_json(ranking_for(settings, "popular", limit="all"))
    return data, json.loads(data)["rows"]


def test_a_widget_following_the_json_contract_shows_text_and_links_only_to_the_web(
    browser, hostile_json
):
    data, rows = hostile_json
    assert {r["article_id"] for r in rows} == {a["article_id"] for a in ARTICLES}
    page = browser.new_page()
    page.route(ELSEWHERE, lambda route: route.abort())
    # The JSON pasted as it is into the page's own script: no title may end the script.
    page.set_content(
        f"<ol id=ranking></ol><script>{readme_widget()}\nconst doc = {data.decode()};\n"
        "showRanking(document.getElementById('ranking'), doc);</script>"
    )
    shown = page.evaluate("""() => [...document.querySelectorAll('#ranking li')].map(li => ({
        text: li.textContent, href: li.querySelector('a')?.getAttribute('href') ?? null}))""")
    assert [s["text"] for s in shown] == [r["title"] for r in rows], "titles read literally"
    hrefs = {r["article_id"]: s["href"] for r, s in zip(rows, shown, strict=True)}
    assert hrefs == {"H1": None, "H2": "https://evil.example/article", "H3": None, "H4": None,
                     "H5": None}  # fmt: skip
    created = page.evaluate(CREATED)
    assert created == {**NOTHING, "scripts": 1}, "nothing ran or was made from the titles"
    assert page.evaluate("document.scripts.length") == 1, "only the page's own script"
    page.close()
