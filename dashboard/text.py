"""Text from outside (titles, authors, sections, referrers, user agents, link values) made
safe for the three places it is drawn: Markdown elements, plotly figures and file names.

Streamlit renders `st.markdown`, `st.caption`, `st.warning`, headings and widget labels as
GitHub Markdown (links, images, autolinks, `:red[...]` directives), and plotly reads `<a>`,
`<b>`, `<br>` in labels as markup. Values never reach either unescaped; tables
(`st.dataframe`) draw on a canvas and show any text as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata

# Explicit bidirectional formatting characters: they can reverse the rest of a sentence
# ("Trojan Source"), so they are shown as escapes. U+2028/2029 split lines like a newline.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
LINE_BREAKS = frozenset("\u2028\u2029\x85")
# Every ASCII punctuation character CommonMark/GFM gives a meaning to, `-+:` included (lists
# at the start of a line, emoji and Streamlit icon shortcodes).
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|<>~$:&@/=\"'^%")
# Mid-sentence a value cannot start a line (line breaks are shown as escapes), so - + : ' = %
# ^ " are harmless there and stay readable in notices ('2025-10-30', '25:00').
INLINE_SPECIALS = MARKDOWN_SPECIALS - frozenset("-+:'=%^\"")
ELLIPSIS = "…"
# Streamlit's Markdown turns https://…, www.… and name@host into links, and :name: or
# :red[…] into emoji, icons and colours, by matching the *text* after escapes are undone, so
# escaping cannot stop them. An invisible WORD JOINER inside each pattern does.
JOINER = "\u2060"
_LINK_PATTERNS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)|(?<=:)(?=[A-Za-z])", re.IGNORECASE)
NOTICE_LIMIT = 80  # characters of a link value repeated in a notice


def _shown_as_escape(char: str) -> bool:
    return char in BIDI_CONTROLS or char in LINE_BREAKS or unicodedata.category(char) == "Cc"


def visible(text: object) -> str:
    """Control characters, line separators and bidi overrides as visible escapes (\\n, \\u202e):
    the text reads literally, on one line, in its own direction."""
    return "".join(
        char.encode("unicode_escape").decode("ascii") if _shown_as_escape(char) else char
        for char in str(text)
    )


def shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def unlinked(text: str) -> str:
    """The text with a WORD JOINER where Markdown would otherwise start a link or shortcode."""
    return _LINK_PATTERNS.sub(JOINER, text)


def _escape(text: str, specials: frozenset[str]) -> str:
    return "".join("\\" + c if c in specials else c for c in unlinked(text))


def plain(text: object, limit: int | None = None) -> str:
    """Data text shown through a Markdown element (a heading, a caption): every Markdown
    character escaped, controls visible, optionally cut to `limit` characters."""
    return _escape(shorten(visible(text), limit), MARKDOWN_SPECIALS)


def quoted(text: object, limit: int | None = NOTICE_LIMIT) -> str:
    """A value inside a Markdown sentence, in quotes: 'Fortnight', '2025-10-30'."""
    return "'" + _escape(shorten(visible(text), limit), INLINE_SPECIALS) + "'"


def listed(values: object, limit: int | None = NOTICE_LIMIT) -> str:
    """Values inside a Markdown sentence, comma-separated, without quotes."""
    return ", ".join(_escape(shorten(visible(v), limit), INLINE_SPECIALS) for v in values)


def chart_text(text: object) -> str:
    """A label for plotly: its pseudo-HTML (<a href>, <b>, <br>, entities) shown literally.
    Plotly turns &lt; &gt; &amp; back into the characters when it draws."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return visible(escaped)


SESSION_KEEP = 4  # leading characters of a session id that may be shown


def mask(value: object) -> str:
    """A session id, never in full: its first characters (at most a third of it) and '…'."""
    text = str(value)
    keep = min(SESSION_KEEP, len(text) // 3)
    return text[:keep] + ELLIPSIS


_FILE_STEM = re.compile(r"[^a-z0-9_-]+")


def file_stem(name: str) -> str:
    """A download's file name part from our own names only: lowercase letters, digits, - and _."""
    stem = _FILE_STEM.sub("-", name.lower()).strip("-_")
    return stem[:80] or "table"


_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,}")


def _mask_token(match: re.Match[str]) -> str:
    token = match.group()
    return mask(token) if any(c.isdigit() for c in token) else token


def private_record(raw: object) -> str:
    """A quarantined raw record as the Data health page shows it: its session id masked.

    A JSON object (every JSON line, every CSV row) has its `session_id` value cut. An
    unreadable line cannot say where its session id is, so every long token with a digit in
    it is cut like one (the file and line still lead to the full record)."""
    if not isinstance(raw, str):
        return ""
    text = raw
    try:
        record = json.loads(text)
    except ValueError:
        record = None
    if not isinstance(record, dict):
        return _TOKEN.sub(_mask_token, text)
    for key, value in record.items():
        if key.strip().lower() == "session_id" and value not in (None, ""):
            record[key] = mask(value)
    return json.dumps(record, ensure_ascii=False)
