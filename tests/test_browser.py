"""End to end in a real headless browser: the real server (started the way `newsdash
dashboard` starts it) on the sample warehouse, Debian's chromium driven by Playwright.

Screenshots of every page go to $NEWSDASH_SCREENSHOTS (default: a temporary folder, printed)
with `timings.txt`: seconds from opening each page to its first drawn chart, warm cache.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from newsdash.exports import export_all
from tests.support.browser import (
    CHART,
    WIDTH,
    assert_no_error,
    dashboard_server,
    elsewhere,
    recording_context,
    settle,
    skip_module_without_chromium,
)
from tests.support.sample import CHART_PAGES, PAGES

skip_module_without_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample):
    with dashboard_server(sample.db, tmp_path_factory.mktemp("server")) as base:
        yield base, sample


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("NEWSDASH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


def open_page(page, url: str, chart: bool) -> float | None:
    """Open url; seconds until the first plotly chart is drawn (None for a page without)."""
    started = time.monotonic()
    page.goto(url)
    first = None
    if chart:
        page.wait_for_selector(CHART, timeout=30_000)
        first = time.monotonic() - started
    settle(page)
    return first


def full_screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to it."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain] *')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 80, 8000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def test_every_page_renders_its_charts(server, browser, shots):
    base, _ = server
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    timings = []
    for name in PAGES:
        url = f"{base}/{'' if name == 'overview' else name}"
        open_page(page, url, name in CHART_PAGES)  # cold: fills the server's cache
        warm = open_page(page, url, name in CHART_PAGES)
        assert_no_error(page, name)
        if name in CHART_PAGES:
            assert page.locator(CHART).count() >= 1, name
            timings.append(f"{name}: {warm:.2f} s to the first chart (warm)")
        elif name == "rankings":
            page.get_by_role("tab").nth(4).wait_for(timeout=30_000)  # drawn after the run ends
            assert page.get_by_role("tab").count() == 5, "the five rankings (most_read: issue 22)"
        else:  # Live and Boxes: the sample has no recent event and no box impression
            page.locator("h1").first.wait_for(timeout=30_000)
        full_screenshot(page, shots / f"{name}.png")
    (shots / "timings.txt").write_text("\n".join(timings) + "\n")
    print("\n".join(timings))
    page.close()


def test_no_page_requests_anything_from_another_origin(server, browser):
    """No font host, icon CDN or analytics: an intranet newsroom sees no blocked request and
    no reader's or editor's address reaches a third party."""
    base, _ = server
    context, requested = recording_context(browser, base)
    page = context.new_page()
    for name in PAGES:
        open_page(page, f"{base}/{'' if name == 'overview' else name}", name in CHART_PAGES)
        page.wait_for_load_state("networkidle")
    assert len(requested) > 20, "the pages' own requests were recorded"
    assert elsewhere(requested, base) == []
    context.close()


def test_ranking_csv_download_is_the_export(server, browser, tmp_path):
    base, settings = server
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    open_page(page, f"{base}/rankings", chart=False)
    button = page.get_by_role("button", name="Download CSV (most_viewed_")
    with page.expect_download() as download:
        button.first.click()
    got = Path(download.value.path()).read_bytes()
    exported = {p.name: p for p in export_all(settings, tmp_path / "exports")}
    name = download.value.suggested_filename
    assert name.startswith("most_viewed_") and name in exported
    assert got == exported[name].read_bytes()
    page.close()


def test_a_copied_link_reopens_the_same_view(server, browser):
    base, _ = server
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    open_page(page, f"{base}/sections", chart=True)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("week", exact=True).click()
    settle(page)
    sidebar.locator("[data-testid=stMultiSelect]").click()
    page.get_by_role("option", name="ICT", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('sections=ICT')", timeout=15_000)
    settle(page)
    link = page.url
    assert "grain=week" in link
    caption = page.locator(
        "[data-testid=stMain] [data-testid=stCaptionContainer]"
    ).first.inner_text()

    fresh = browser.new_page(viewport={"width": WIDTH, "height": 1000})  # a colleague's tab
    open_page(fresh, link, chart=True)
    assert fresh.url.endswith("/sections" + link.split("/sections", 1)[1])
    assert (
        fresh.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first.inner_text()
        == caption
    )
    assert "ICT" in caption and "by week" in caption
    chosen = fresh.locator("[data-testid=stSidebar] .react-aria-ComboBox [data-tag]")
    assert [chosen.nth(i).get_attribute("aria-label") for i in range(chosen.count())] == ["ICT"]
    page.close()
    fresh.close()
