"""A reader in a real browser: chromium opens the demo article page served by `newsdash collect
--demo`, the tracker sends the view; a click on KakaoTalk, on "I like it" and a posted comment
follow; all of them reach the inbox and, after the real `newsdash etl`, the warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdash.etl.collect.pages import DEMO_ARTICLE_ID
from tests.support import lake
from tests.support.collect import READER_UA, Collector, records, run_newsdash, wait_for

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium) for the browser test",
                allow_module_level=True)  # fmt: skip
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
DESKTOP_CHROME = READER_UA  # a reader's browser, not "HeadlessChrome" (a bot by the list)


CLASSIC = ("view", "like", "share", "comment")  # attention and box events: test_attention_browser


def classic(inbox: Path) -> list[dict]:
    return [r for r in records(inbox) if r["event_type"] in CLASSIC]


def kinds(inbox: Path) -> list[tuple]:
    return [(r["event_type"], r.get("channel")) for r in classic(inbox)]


def test_a_reader_views_shares_to_kakaotalk_likes_and_comments_and_the_warehouse_has_it(tmp_path):
    collector = Collector(tmp_path, rotate_seconds=0.2).start(demo=True)
    try:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(user_agent=DESKTOP_CHROME)
            page.goto(f"{collector.base}/demo/article")
            assert page.locator("h1").inner_text().startswith("South Korea-Japan Leaders")
            wait_for(lambda: kinds(collector.inbox) == [("view", None)], "the view in the inbox")
            page.get_by_role("button", name="KakaoTalk").click()
            wait_for(lambda: ("share", "kakaotalk") in kinds(collector.inbox), "the share")
            page.get_by_role("button", name="I like it").click()
            page.locator("#comment-form textarea").fill("Good summit coverage")
            page.get_by_role("button", name="Post comment").click()
            wait_for(lambda: len(classic(collector.inbox)) == 4, "like and comment in the inbox")
            browser.close()
    finally:
        collector.stop()
    got = classic(collector.inbox)
    assert sorted(kinds(collector.inbox)) == [
        ("comment", None), ("like", None), ("share", "kakaotalk"), ("view", None)]  # fmt: skip
    assert {r["article_id"] for r in got} == {DEMO_ARTICLE_ID}
    assert len({r["page_view_id"] for r in got}) == 1  # one page view
    assert len({r["session_id"] for r in got}) == 1
    assert {r["user_agent"] for r in got} == {DESKTOP_CHROME}
    assert {r["url"] for r in got} == {f"{collector.base}/demo/article"}

    loaded = run_newsdash(collector.config, "etl", "--no-export")
    assert loaded.returncode == 0, loaded.stderr
    con = lake.connect(tmp_path / "warehouse" / "nd.duckdb")
    try:
        rows = con.execute(
            "SELECT event_type, channel, is_bot FROM events WHERE article_id = $a"
            " AND event_type IN ('view', 'like', 'share', 'comment') ORDER BY 1",
            {"a": DEMO_ARTICLE_ID},
        ).fetchall()
    finally:
        con.close()
    assert rows == [("comment", None, False), ("like", None, False), ("share", "kakaotalk", False),
                    ("view", None, False)]  # fmt: skip


def test_the_demo_article_page_marks_its_boxes_and_buttons(tmp_path):
    collector = Collector(tmp_path, rotate_seconds=0.2).start(demo=True)
    try:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(user_agent=DESKTOP_CHROME)
            page.goto(f"{collector.base}/demo/article")
            meta = page.locator('meta[name="nd:article"]').get_attribute("content")
            channels = page.locator('[data-nd-event="share"]').evaluate_all(
                "els => els.map(e => e.dataset.ndChannel)")  # fmt: skip
            boxes = page.locator("[data-nd-widget]").evaluate_all(
                "els => els.map(e => [e.dataset.ndWidget, "
                "[...e.querySelectorAll('[data-nd-pos]')].map(i => +i.dataset.ndPos)])")  # fmt: skip
            ends = page.locator("[data-nd-article-end]").count()
            page.get_by_role("link", name=page.locator('[data-nd-widget="most_viewed"] a').nth(1)
                             .inner_text()).first.click()  # fmt: skip
            page.wait_for_url("**/demo/article/GET-*")
            second = page.locator('meta[name="nd:article"]').get_attribute("content")
            browser.close()
        wait_for(lambda: len(kinds(collector.inbox)) == 2, "two views")
    finally:
        collector.stop()
    assert meta == DEMO_ARTICLE_ID
    assert channels == ["facebook", "x", "kakaotalk", "line", "band", "naver", "copy_url"]
    assert dict(boxes) == {"popular": [1, 2, 3], "weekly_hot": [1, 2, 3, 4, 5, 6],
                           "most_viewed": [1, 2, 3, 4, 5], "hot_now": [1, 2, 3, 4, 5]}  # fmt: skip
    assert ends == 1
    assert second == "GET-2025100300009"  # Most Viewed #2, a sample article
    assert [r["article_id"] for r in classic(collector.inbox)] == [DEMO_ARTICLE_ID, second]


OTHER_PAGE = """<!DOCTYPE html><html><head><script src="/t.js"></script></head>
<body><main data-nd-article="A-OTHER"><p>An article page without the meta tag.</p></main>
<button id="copy">Copy URL</button>
<script>document.getElementById("copy").onclick = () => newsdash.track("share", {channel: "copy_url"});</script>
</body></html>"""


def test_the_tracker_reads_a_data_attribute_and_the_page_can_call_it(tmp_path):
    """A page of the site's origin (served here by Playwright at the collector's address) with
    the article id on an element and its own button calling newsdash.track()."""
    collector = Collector(tmp_path, rotate_seconds=0.2).start()
    try:
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(user_agent=DESKTOP_CHROME)
            page.route(f"{collector.base}/other-article",
                       lambda route: route.fulfill(body=OTHER_PAGE, content_type="text/html"))  # fmt: skip
            page.goto(f"{collector.base}/other-article")
            wait_for(lambda: kinds(collector.inbox) == [("view", None)], "the view")
            page.get_by_role("button", name="Copy URL").click()
            wait_for(lambda: len(classic(collector.inbox)) == 2, "the share")
            browser.close()
    finally:
        collector.stop()
    view, share = classic(collector.inbox)
    assert (view["article_id"], share["article_id"]) == ("A-OTHER", "A-OTHER")
    assert (share["event_type"], share["channel"]) == ("share", "copy_url")
    assert "referrer" not in view  # opened directly: no referrer to send
