"""Text from outside (titles, rejected records) made safe to print on an operator's terminal."""

from __future__ import annotations

import unicodedata


def printable(text: object) -> str:
    """Control and format characters (ESC, bidi overrides, ...) shown as escapes, not obeyed."""
    return "".join(
        ch
        if ch == " " or unicodedata.category(ch)[0] not in "CZ"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in str(text)
    )
