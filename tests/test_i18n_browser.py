"""Issue 23, in a real browser: every page opened with ?lang=ko shows Korean navigation, titles
and chart axes with no English label left, and Hangul is drawn with a real font (not boxes);
switching the language keeps the view. The real server on the sample warehouse, Debian's
chromium driven by Playwright (one server and one browser for the module)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.support.browser import (
    CHART,
    assert_no_error,
    dashboard_server,
    recording_context,
    settle,
    skip_module_without_chromium,
)

skip_module_without_chromium()

# Each page's URL path and its Korean title (navigation and heading).
KOREAN_PAGES = {
    "": "개요", "live": "실시간", "sections": "섹션", "rankings": "순위", "reporters": "기자",
    "tags": "태그", "channels": "공유 채널", "sources": "유입 경로", "article": "기사",
    "boxes": "박스", "health": "데이터 상태",
}  # fmt: skip
# What a page has drawn once it is done: a chart, except where the sample data may have none
# (Live: the last 30 minutes; Boxes: box impressions) or the page has no chart (Rankings).
DRAWN = {"rankings": "[data-testid=stDataFrame]", "live": "[data-testid=stMetric]",
         "boxes": "[data-testid=stMain] h1"}  # fmt: skip
# What may stay Latin in a Korean label: the zone, product and format names.
ALLOWED = {"Asia", "Seoul", "KST", "newsdash", "CSV", "URL", "ETL", "ID", "W"}
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def fonts_missing() -> str | None:
    done = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True)
    return None if done.stdout.strip() else "no Korean font (apt-get install fonts-noto-cjk)"


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample):
    with dashboard_server(sample.db, tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def page(browser, server):
    context, _ = recording_context(browser, server)
    page = context.new_page()
    yield page
    context.close()


def texts(page, selector: str) -> list[str]:
    """The text of each match (textContent: SVG text of chart axes has no innerText)."""
    return [t.strip() for t in page.locator(selector).all_text_contents() if t and t.strip()]


@pytest.mark.parametrize("path", list(KOREAN_PAGES), ids=lambda p: p or "overview")
def test_every_page_in_korean(page, server, path):
    page.goto(f"{server}/{path}?lang=ko")
    page.wait_for_selector(DRAWN.get(path, CHART), timeout=60_000)
    settle(page)
    assert_no_error(page, path)
    navigation = texts(page, "[data-testid=stSidebarNavLink] [data-testid=stMarkdownContainer]")
    assert navigation == list(KOREAN_PAGES.values()), navigation
    [title] = texts(page, "[data-testid=stMain] h1")
    assert title.startswith(KOREAN_PAGES[path]) and not english_words(title), title
    sidebar_labels = texts(page, "[data-testid=stSidebar] [data-testid=stWidgetLabel]")
    axes = texts(page, ".js-plotly-plot .g-xtitle, .js-plotly-plot .g-ytitle")
    for label in sidebar_labels + axes:
        assert not english_words(label), (path, label)
    assert re.search("[가-힣]", page.locator("[data-testid=stMain]").inner_text())


def test_hangul_is_drawn_with_a_font_not_boxes(page, server):
    if reason := fonts_missing():
        pytest.skip(reason)
    page.goto(f"{server}/?lang=ko")
    settle(page)
    # Missing glyphs all draw as the same box: a real font gives these different widths.
    widths = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '32px sans-serif';
        return ['조', '회', '수', '많', '\\u0378'].map(t => c.measureText(t).width); }"""
    )
    assert len({round(w, 1) for w in widths}) > 1 or widths[0] != widths[-1], widths


def test_switching_the_language_keeps_the_view(page, server):
    page.goto(f"{server}/rankings?lang=ko&rank_rows=20&edition=en")
    settle(page)
    assert texts(page, "[data-testid=stMain] h1") == ["순위"]
    page.locator("[data-testid=stSidebar] button").filter(has_text="English").click()
    page.wait_for_selector("[data-testid=stMain] h1:has-text('Rankings')", timeout=30_000)
    settle(page)
    assert texts(page, "[data-testid=stMain] h1") == ["Rankings"]
    url = page.url
    assert "lang=en" in url and "rank_rows=20" in url and "edition=en" in url, url


def test_the_edition_survives_navigating_to_another_page(page, server):
    """?edition=en (and ?lang=ko) are filters like the others: the page opened next from the
    navigation keeps them in its address and shows the English edition, in Korean."""
    page.goto(f"{server}/?lang=ko&edition=en")
    page.wait_for_selector(CHART, timeout=60_000)
    settle(page)
    page.locator("[data-testid=stSidebarNavLink]").filter(has_text="섹션").click()
    page.wait_for_selector("[data-testid=stMain] h1:has-text('섹션')", timeout=30_000)
    settle(page)
    assert "edition=en" in page.url and "lang=ko" in page.url, page.url
    caption = texts(page, "[data-testid=stMain] [data-testid=stCaptionContainer]")[0]
    assert "English" in caption, caption  # the filters' line: the edition by its own name
