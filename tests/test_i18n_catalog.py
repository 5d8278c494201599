"""Issue 23: the dashboard in Korean. Every user-visible string of the dashboard is in the Korean
catalog (a string passed to Streamlit as a label, title, help, message or chart axis must go
through `_()`, and every `_()` string must have a Korean translation); numbers in Korean use
Babel's 만/억; the language is chosen by ?lang=, then the browser, then the config."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import newsdash.dashboard
import newsdash.etl
import newsdash.sql
from newsdash.dashboard import i18n, vocabulary
from newsdash.dashboard.palette import CHANNELS, channel_label
from newsdash.dashboard.source_text import GROUP_NAMES
from newsdash.sources import GROUP_LABELS

DASHBOARD = Path(newsdash.dashboard.__file__).parent
SQL = Path(newsdash.sql.__file__).parent
ETL = Path(newsdash.etl.__file__).parent
# `status = 'x'` / `status="x"` / `status == "x"` where the ETL sets or tests a status.
STATUS_VALUE = re.compile(r"""\bstatus\s*(?:=|==|:=)\s*['"]([a-z_]+)['"]""")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Streamlit calls whose text an editor reads: their first argument and these keywords.
SHOWN = {
    "title", "header", "subheader", "caption", "markdown", "info", "warning", "error",
    "success", "metric", "expander", "selectbox", "multiselect", "radio", "text_input",
    "date_input", "download_button", "link_button", "page_link", "tabs", "spinner",
    "NumberColumn", "TextColumn", "DatetimeColumn", "segmented_control", "Page", "no_rows",
    "write", "button",
}  # fmt: skip
SHOWN_KEYWORDS = {"help", "placeholder", "label", "title", "delta_description"}
# Not words: a language's own name, symbols.
NOT_WORDS = {"#", "move", "–", "newsdash"}


def korean_catalog():
    with i18n.catalog_path("ko").open("rb") as fh:
        return read_po(fh, locale="ko")


def extracted() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(DASHBOARD), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])  # a plural: its msgid
    return found


def test_every_dashboard_string_has_a_korean_translation():
    catalog = korean_catalog()
    missing = []
    for message in sorted(extracted()):
        entry = catalog.get(message)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(message)
    assert not missing, f"not translated in {i18n.catalog_path('ko')} (make i18n): {missing}"


PATH_FIRST = {"Page", "page_link"}  # their first argument is a page script, not text


def literal_texts(node: ast.Call, constants: dict[str, str]):
    first = [] if called_name(node) in PATH_FIRST else node.args[:1]
    for arg in first + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]:
        if isinstance(arg, ast.Name) and arg.id in constants:  # a module's text constant
            yield constants[arg.id]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            yield arg.value
        if isinstance(arg, ast.JoinedStr):  # its words: the text outside the {}
            yield "".join(
                v.value for v in arg.values if isinstance(v, ast.Constant) and "%" not in v.value
            )


def called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute) and ast.unparse(func.value).endswith(("LOG", "logging")):
        return None  # the server log stays English
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def text_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` (not marked with N_()): handed to Streamlit by name, English
    in every language (the refusal page's hint once was)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


@pytest.mark.parametrize("path", sorted(DASHBOARD.rglob("*.py")), ids=lambda p: p.name)
def test_no_shown_string_bypasses_the_catalog(path):
    """A literal (or f-string) handed straight to Streamlit is English in every language."""
    bare = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node) in SHOWN:
            for text in literal_texts(node, text_constants(tree)):
                if any(c.isalpha() for c in text) and text not in NOT_WORDS:
                    bare.append(f"line {node.lineno}: {text[:60]!r}")
    assert not bare, f"{path.name}: wrap in _(): {bare}"


def test_korean_numbers_use_man_and_eok():
    i18n.use("ko")
    try:
        assert i18n.compact(12_345) == "1.2만"
        assert i18n.compact(123_456_789) == "1.2억"
        assert i18n.compact(9_999) == "9,999"
        assert i18n._("Views") == "조회수"
    finally:
        i18n.use("en")
    assert i18n.compact(12_345) == "12.3K" and i18n._("Views") == "Views"


@pytest.mark.parametrize(
    ("query", "browser", "config", "chosen"),
    [
        ({"lang": "en"}, "ko-KR", "ko", "en"),  # the link first
        ({"lang": "fr"}, "en-US", "ko", "en"),  # an unknown one: the browser's
        ({}, "ko-KR", "en", "ko"),
        ({}, "de-DE", "ko", "ko"),  # a language without a catalog: the config's
        ({}, None, "en", "en"),
    ],
)
def test_the_language_is_the_link_then_the_browser_then_the_config(query, browser, config, chosen):
    assert i18n.choose_language(query, browser, config) == chosen


def test_the_source_groups_are_in_the_catalog_under_their_shown_names():
    """The groups' names are marked for translation in dashboard/source_text.py: a group added
    to newsdash.sources without a name there would be shown in English."""
    assert tuple(GROUP_LABELS.values()) == GROUP_NAMES


@pytest.mark.parametrize(("english", "korean"), [
    ("Live", "실시간"), ("Sources", "유입 경로"), ("Views", "조회수"), ("Readers", "방문자"),
    ("Likes", "좋아요"), ("Comments", "댓글"), ("Shares", "공유하기"),
    ("Read to end", "끝까지 읽음"), ("Scroll reach", "스크롤 도달률"),
    ("Viewable CTR", "노출 클릭률"), ("Engaged s per view", "조회당 체류 시간(초)"),
])  # fmt: skip
def test_the_merged_pages_use_the_editors_words(english, korean):
    i18n.use("ko")
    try:
        assert i18n._(english) == korean
    finally:
        i18n.use(i18n.SOURCE_LANGUAGE)


# What stays Latin in Korean among the product's words: a brand written so in Korean too.
SAME_IN_KOREAN = {"X"}


@pytest.mark.parametrize("column", sorted(vocabulary.CELLS))
def test_the_product_words_in_table_cells_are_korean(column):
    """Run statuses, channel names, content ages, 'compared with', a ranking's 'new' and our
    section placeholders are machine values in the CSV; on a Korean page each is Korean."""
    i18n.use("ko")
    try:
        for value in vocabulary.CELLS[column]:
            korean = vocabulary.shown(column, value)
            assert korean != value or value in SAME_IN_KOREAN, (column, value)
            assert re.search("[가-힣]", korean) or value in SAME_IN_KOREAN, (column, korean)
    finally:
        i18n.use(i18n.SOURCE_LANGUAGE)


def test_every_status_a_run_or_file_is_given_has_a_name():
    """The statuses the ETL writes (sql/ and etl/): each one is in dashboard/vocabulary.py."""
    written = set()
    for path in [*SQL.rglob("*.sql"), *ETL.rglob("*.py")]:
        written |= set(STATUS_VALUE.findall(path.read_text(encoding="utf-8")))
    assert written and written <= set(vocabulary.STATUSES), written - set(vocabulary.STATUSES)


def test_every_share_channel_has_a_korean_name():
    i18n.use("ko")
    try:
        names = {c: vocabulary.shown("channel", channel_label(c)) for c in CHANNELS}
    finally:
        i18n.use(i18n.SOURCE_LANGUAGE)
    assert names == {"facebook": "페이스북", "x": "X", "kakaotalk": "카카오톡", "line": "라인",
                     "band": "밴드", "naver": "네이버", "copy_url": "URL 복사"}  # fmt: skip
    assert vocabulary.shown("channel", "KakaoTalk") == "KakaoTalk"  # English: as on the button


def test_a_table_shows_the_words_in_korean_and_downloads_the_machine_values():
    from newsdash.dashboard import ui
    from newsdash.dashboard.downloads import csv_bytes

    frame = pd.DataFrame({"status": ["ok", "partial"], "channel": ["KakaoTalk", "Copy URL"]})
    i18n.use("ko")
    try:
        shown, _config = ui._display(frame, "KST")
    finally:
        i18n.use(i18n.SOURCE_LANGUAGE)
    assert shown.to_dict("list") == {
        "status": ["정상", "일부 실패"],
        "channel": ["카카오톡", "URL 복사"],
    }
    assert csv_bytes(frame).decode("utf-8-sig").splitlines()[1:] == [
        "ok,KakaoTalk",
        "partial,Copy URL",
    ]
