"""Hostile text from outside, loaded through the real ETL: titles, authors, sections,
subsections, URLs, referrers and user agents carrying <script>, <img onerror>, Markdown and
javascript: links, a 10,000-character title, control characters and right-to-left marks.

Here (AppTest): every page renders, Markdown shows them escaped, and no page shows a session
id in full. test_security_browser.py opens the same warehouse in a real browser.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from conftest import BROWSER_UA, write_jsonl
from streamlit.testing.v1 import AppTest
from test_dashboard_support import APP, PAGE_FILES, PAGES, settings_for

from newsdash.dashboard import charts, data
from newsdash.dashboard.text import JOINER, chart_text, plain
from newsdash.etl.run import run_etl
from newsdash.settings import Settings

SEOUL = ZoneInfo("Asia/Seoul")
PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
MD_LINK = f"[click me](javascript:{PWN})"
LINKS = "https://evil.example/phish www.evil.example mail@evil.example :fire: :red[red] $x^2$"
CONTROLS = "bell\x07 esc\x1b[31m del\x7f nel\x85 ls\u2028 tab\t cr\r lf\n end"
RTL = "\u202eevil\u202c \u200fmark\u200f \u2066iso\u2069"
LONG_TITLE = "Long " + "T" * 9_985 + "<b>end</b>"  # 10,000 characters
ARTICLES = [
    {"article_id": "H1", "title": f"{SCRIPT}Script title", "section": IMG,
     "subsection": f"[Series](javascript:{PWN})", "author": "**Bold** <b>author</b>",
     "url": f"javascript:{PWN}"},
    {"article_id": "H2", "title": f"{MD_LINK} ![img](x) {LINKS}",
     "section": f'<a href="javascript:{PWN}">Link section</a>', "author": IMG,
     "url": "https://evil.example/article"},
    {"article_id": "H3", "title": LONG_TITLE, "section": "World", "author": "Long"},
    {"article_id": "H4", "title": CONTROLS, "section": f"{RTL} section", "author": RTL,
     "subsection": "=cmd|' /C calc'!A0"},
    {"article_id": "H5", "title": '=HYPERLINK("https://evil.example","x")', "section": "ICT",
     "author": "@SUM(1+1)*cmd|' /C calc'!A0"},
]  # fmt: skip
assert len(LONG_TITLE) == 10_000
UNESCAPED_MARKUP = re.compile(r"(?<!\\)<(?:img|script|a |b>)|(?<!\\)\]\(|(?<!\\)!\[")
SESSION = "sess-7f3a9c2b1d4e5f60"  # a reader's session id: never shown in full
REJECTED_SESSION = "sess-0a1b2c3d4e5f6789"
# A browser's user agent with markup in it is counted; one with <script> is flagged as a bot
# (a security scanner), kept and excluded, like a crawler.
HOSTILE_UA = f"{BROWSER_UA} {IMG} {MD_LINK} {RTL}"
SCANNER_UA = f"{SCRIPT} {BROWSER_UA}"
HOSTILE_REFERRER = f"javascript:{PWN}//{IMG}"
CHANNELS = ("facebook", "kakaotalk", "naver", "copy_url")


def events() -> list[dict]:
    start = datetime(2025, 10, 28, 0, tzinfo=SEOUL)
    found = []
    for day in range(3):
        for hour in range(0, 24, 3):
            when = (start + timedelta(days=day, hours=hour)).isoformat()
            for i, article in enumerate(a["article_id"] for a in ARTICLES):
                base = f"{article}-{day}-{hour}"
                common = {"event_time": when, "article_id": article, "user_agent": HOSTILE_UA,
                          "referrer": HOSTILE_REFERRER}  # fmt: skip
                for n in range(3 + i):
                    found.append({"event_id": f"v{base}-{n}", "event_type": "view",
                                  "session_id": f"{SESSION}-{n}", **common})  # fmt: skip
                found.append({"event_id": f"l{base}", "event_type": "like", **common})
                found.append({"event_id": f"b{base}", "event_type": "view",
                              **{**common, "user_agent": SCANNER_UA}})  # fmt: skip
                found.append({"event_id": f"c{base}", "event_type": "comment", **common})
                channel = CHANNELS[(day + hour + i) % len(CHANNELS)]
                found.append({"event_id": f"s{base}", "event_type": "share", "channel": channel,
                              **common})  # fmt: skip
    found.append({"event_id": "bad1", "event_time": start.isoformat(), "article_id": "H1",
                  "event_type": IMG, "session_id": REJECTED_SESSION, "user_agent": SCANNER_UA,
                  "referrer": HOSTILE_REFERRER})  # fmt: skip
    found.append({"event_id": "bad2", "event_time": start.isoformat(), "article_id": "H2",
                  "event_type": "share", "channel": MD_LINK, "session_id": REJECTED_SESSION})  # fmt: skip
    return found


def hostile_warehouse(folder: Path) -> Settings:
    """A warehouse loaded by the real ETL from JSON Lines full of hostile text."""
    inbox = folder / "inbox"
    published = datetime(2025, 10, 27, 9, tzinfo=SEOUL).isoformat()
    write_jsonl(
        inbox / "articles_hostile.jsonl", [{**a, "published_at": published} for a in ARTICLES]
    )
    write_jsonl(inbox / "events_hostile.jsonl", events())
    broken = json.dumps({"event_id": "bad3", "session_id": REJECTED_SESSION})[:-1]  # no "}"
    with (inbox / "events_hostile.jsonl").open("a") as fh:
        fh.write(broken + "\n")
    settings = settings_for(folder / "nd.duckdb", inbox)
    result = run_etl(settings)
    assert result.status == "ok", result.message
    assert result.total("bots") > 0 and result.total("rejected") == 3
    return settings


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Settings:
    return hostile_warehouse(tmp_path_factory.mktemp("hostile"))


def open_page(settings: Settings, page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(PAGE_FILES[page])
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    return at


def everything_shown(at: AppTest) -> str:
    """Every text and table cell the page shows, as one string."""
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "warning", "info", "error",
                 "success", "metric"):  # fmt: skip
        parts += [
            str(getattr(e, "value", "")) + str(getattr(e, "label", "")) for e in getattr(at, kind)
        ]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    parts += [json.dumps(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]
    for box in [*at.selectbox, *at.multiselect]:
        parts += [str(o) for o in box.options]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_hostile_data_and_no_session_id_in_full(monkeypatch, hostile, page):
    monkeypatch.setenv("NEWSDASH_DB", str(hostile.db))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    params = {"sections": [ARTICLES[0]["section"], ARTICLES[3]["section"]], "article": "H1"}
    at = open_page(hostile, page, **params)
    assert not at.exception, [e.value[:300] for e in at.exception]
    assert not at.error, [e.value[:300] for e in at.error]
    assert not [w for w in at.warning if "link" in w.value], "the hostile sections are known"
    assert not at.info or "No counted events" not in at.info[0].value
    assert at.dataframe, f"{page} shows the hostile rows"
    shown = everything_shown(at)
    for session in (SESSION, REJECTED_SESSION):
        assert session not in shown, f"a full session id on {page}"
    markdown = [e.value for kind in ("title", "subheader", "markdown", "caption")
                for e in getattr(at, kind)]  # fmt: skip
    for value in markdown:  # no tag, no link, no image survives unescaped
        assert not UNESCAPED_MARKUP.search(value), value[:200]


def test_markdown_elements_get_the_escaped_text(monkeypatch, hostile):
    monkeypatch.setenv("NEWSDASH_DB", str(hostile.db))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    at = open_page(hostile, "article", article="H4")
    assert at.subheader[0].value == plain(CONTROLS, 500)
    captions = " ".join(c.value for c in at.caption)
    assert "\\\\u202eevil" in captions, "a bidi override is shown as an escape"
    at = open_page(hostile, "article", article="H2")
    assert f"https\\:{JOINER}" in at.subheader[0].value, "no autolink"


def test_the_data_health_examples_mask_session_ids(hostile):
    src = data.source(hostile)
    when = datetime(2025, 10, 28, tzinfo=SEOUL)
    report = data.health(src, when, when + timedelta(days=3))
    raw = " ".join(report.examples["raw"])
    assert "bad1" in raw and "bad3" in raw, "the rejected records are shown"
    assert REJECTED_SESSION not in raw and REJECTED_SESSION[:4] + "…" in raw


def test_plotly_gets_section_names_as_literal_text():
    frame = pd.DataFrame({"section": [IMG, "World"], "views": [3, 1], "share": [0.75, 0.25]})
    fig = charts.share_bars(frame, "section", {IMG: "#123456"})
    assert list(fig.data[0].y) == ["World", chart_text(IMG)]
    assert "<img" not in chart_text(IMG) and "&lt;img" in chart_text(IMG)
    assert list(fig.data[0].marker.color) == ["#999999", "#123456"], "colours follow the names"
