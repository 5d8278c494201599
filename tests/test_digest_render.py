"""Invariants of the digest's rendering, for any text the data may hold (hypothesis): a title or a
section name is shown as exactly that text and never becomes markup; a section name survives
the trip through the dashboard link; the plain-text part shows control characters as escapes."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdash.digest import message
from newsdash.digest.figures import Channels, Digest, Leader, Metric, Ranked
from newsdash.digest.links import Links
from tests.support.digest import Cells

DAY = date(2025, 10, 30)
DAY_MADE = datetime(2025, 10, 31, 7, 0)
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><a href="javascript:x">',
    "</td></tr></table><h1>", "&lt;b&gt;", "{{ 7*7 }}", "{% raw %}", "서울 \"경제\"", "<!--",
])  # fmt: skip
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
TITLES = st.one_of(HOSTILE, TEXT, st.tuples(TEXT, HOSTILE).map("".join))
ALLOWED_TAGS = {"html", "head", "meta", "title", "body", "table", "tr", "td", "th", "p", "h1",
                "h2", "a", "span", "b", "br"}  # fmt: skip


def digest(title: str, section: str, warning: str = "all good") -> Digest:
    links = Links("https://newsdash.example.com", DAY)
    row = {"rank": 1, "title": title, "section": section, "views": 7, "score": 7,
           "movement": "new", "link": links.article("A1")}  # fmt: skip
    return Digest(
        day=DAY, zone="Asia/Seoul",
        metrics=[Metric(m, 7, 5) for m in ("views", "readers", "likes", "comments", "shares")],
        rankings=[Ranked("most_viewed", "Most Viewed", 24, [row], links.rankings)],
        channels=Channels("KakaoTalk", 1, 1, 142.9),
        leaders=[Leader(section, 7, title, 7, links.section(section), links.article("A1"))],
        warnings=[warning], links=links,
    )  # fmt: skip


def shown(html: str) -> tuple[Cells, str]:
    cells = Cells()
    cells.feed(html)
    return cells, " ".join("".join(cells.text).split())


@settings(max_examples=150, deadline=None)
@given(title=TITLES, section=TITLES)
def test_any_title_or_section_is_shown_as_text_never_as_markup(title, section):
    page = message.html(digest(title, section, warning=title), DAY_MADE)
    cells, text = shown(page)
    assert {tag for tag, _ in cells.tags} <= ALLOWED_TAGS
    assert [t for t, _ in cells.tags].count("a") == 7  # the template's own links, no more
    for value in (title, section):
        assert " ".join(value.split()) in text
    hrefs = [attrs["href"] for tag, attrs in cells.tags if tag == "a"]
    assert all(h.startswith("https://newsdash.example.com/") for h in hrefs)


@settings(max_examples=150, deadline=None)
@given(section=TEXT)
def test_a_section_link_filters_the_dashboard_to_exactly_that_section(section):
    query = parse_qs(urlsplit(Links("https://n.example", DAY).section(section)).query)
    assert query == {"period": ["Custom"], "dates": ["2025-10-30"] * 2, "sections": [section]}


def test_the_text_part_shows_control_characters_as_escapes():
    text = message.text(digest("Breaking\x1b[2J news\u202e", "ICT"), DAY_MADE)
    assert "\x1b" not in text and "\u202e" not in text
    assert "Breaking\\x1b[2J news\\u202e" in text
