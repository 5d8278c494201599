"""Text from outside (titles, file names, rejected records) made safe to print on an operator's
terminal or in a journal: shown, never obeyed, never a line of its own."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# What json.dumps(ensure_ascii=False) leaves raw although a terminal or a JavaScript parser may
# act on it: DEL and C1 controls (U+009B is a CSI), line and paragraph separators, bidi
# controls, and lone surrogates (an undecodable byte of a file name).
JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

# < > & can only stand inside JSON strings, where \u003c means the same character.
HTML_UNSAFE = re.compile(f"[<>&]|{JSON_UNSAFE.pattern}")


def printable(text: object) -> str:
    """Control and format characters (ESC, newline, bidi overrides, ...) shown as escapes."""
    return "".join(
        ch
        if ch == " " or unicodedata.category(ch)[0] not in "CZ"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in str(text)
    )


def json_text(value: Any, *, html_safe: bool = False, **options: Any) -> str:
    """JSON with Korean text as it is and every character of JSON_UNSAFE as a \\uXXXX escape
    (the same string to any JSON reader; json.dumps already escapes U+0000-U+001F). With
    `html_safe`, < > & too: the text can be put inside an HTML <script> block as it is, and
    no "</script>" in a value ends it."""
    text = json.dumps(value, ensure_ascii=False, **options)
    unsafe = HTML_UNSAFE if html_safe else JSON_UNSAFE
    return unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
