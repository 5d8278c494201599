"""The dashboard in Korean and English (issue 23): gettext catalogs managed with Babel, the
language of a run, and numbers and dates in that language.

Source strings are English, wrapped in `_()` (`ngettext` for plurals; `N_()` marks a constant
translated where it is shown). The Korean catalog is `locale/ko/LC_MESSAGES/newsdash.po`
(`make i18n`: pybabel extract, update and compile; docs/i18n.md). Only the .po file is in the
repository and the wheel: the catalog is compiled in memory at first use (or read from a .mo
that `make i18n` compiled, when it is newer), so nothing is committed twice.

The language of a run: `?lang=` in the URL, then the browser's (`st.context.locale`), then
the config ([newsroom] language). CSV and JSON column names never change with it.
"""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal, format_percent

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "newsdash"
LANGUAGES = ("ko", "en")
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}
SOURCE_LANGUAGE = "en"
_current = threading.local()  # each Streamlit session runs its script on its own thread


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalog: its .mo when `make i18n` compiled one after the last .po change,
    else the .po compiled in memory; English (the source) needs none."""
    po = catalog_path(language)
    if language == SOURCE_LANGUAGE or not po.exists():
        return gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def use(language: str) -> None:
    """Set the language of this run (the entrypoint, before any page draws)."""
    _current.language = language if language in LANGUAGES else SOURCE_LANGUAGE


def language() -> str:
    return getattr(_current, "language", SOURCE_LANGUAGE)


def _(message: str) -> str:
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "translate where shown"
    return message


def choose_language(query: Mapping[str, object], browser: str | None, default: str) -> str:
    """`?lang=` when it names a language, then the browser's language, then the config."""
    asked = query.get("lang")
    if isinstance(asked, str) and asked in LANGUAGES:
        return asked
    code = (browser or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else default


# --- numbers and dates in the run's language ---------------------------------------------------


def number(value: float | int) -> str:
    return format_decimal(value, locale=language())


def compact(value: float | int) -> str:
    """12,345 as 1.2만 in Korean, 12.3K in English; below 10,000 the whole number."""
    if abs(value) < 10_000:
        return number(round(value))
    return format_compact_decimal(value, locale=language(), fraction_digits=1)


def percent(value: float, signed: bool = False) -> str:
    text = format_percent(value, "#,##0.0%", locale=language())
    return f"+{text}" if signed and value > 0 else text


def day(value: date) -> str:
    return format_date(value, "medium", locale=language())


def moment(value: datetime) -> str:
    return format_datetime(value, "yyyy-MM-dd HH:mm", locale=language())
