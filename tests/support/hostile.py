"""The hostile warehouse of the security tests: text from outside full of markup, Markdown,
links, control characters and right-to-left marks, loaded through the real ETL
(test_security_hostile.py reads it with AppTest, test_security_browser.py in a real browser)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash.etl.run import run_etl
from newsdash.settings import Settings
from tests.support.inputs import BROWSER_UA, write_jsonl
from tests.support.sample import settings_for

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
     "url": f"javascript:{PWN}", "tags": [IMG, MD_LINK, "#Samsung"]},
    {"article_id": "H2", "title": f"{MD_LINK} ![img](x) {LINKS}",
     "section": f'<a href="javascript:{PWN}">Link section</a>', "author": IMG,
     "url": "https://evil.example/article", "tags": [SCRIPT, LINKS, "samsung"]},
    {"article_id": "H3", "title": LONG_TITLE, "section": "World", "author": "Long"},
    {"article_id": "H4", "title": CONTROLS, "section": f"{RTL} section", "author": RTL,
     "subsection": "=cmd|' /C calc'!A0", "tags": [RTL, "=cmd|' /C calc'!A0"]},
    {"article_id": "H5", "title": '=HYPERLINK("https://evil.example","x")', "section": "ICT",
     "author": "@SUM(1+1)*cmd|' /C calc'!A0", "tags": "=HYPERLINK(\"x\"); @SUM(1)"},
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
