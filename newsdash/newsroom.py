"""The newsroom's own dimensions as the config shapes them ([newsroom] in the config): which
editions there are and which one an article belongs to when its metadata names none, author
aliases (name variants of one person) and generic bylines (kept, never ranked as a person).

Applied when the warehouse is read (newsdash/sql/newsroom.py), never at load time: a config
change needs no reload. Filters asked for by the command line or the dashboard (an author, a
tag, an edition) are a `DimensionFilter`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsdash.config_tables import ConfigError

_EDITION = re.compile(r"[a-z]{2,3}([-_][a-z0-9]{2,8})?")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Newsroom:
    default_edition: str = "ko"
    editions: tuple[str, ...] = ("ko", "en")
    edition_rules: tuple[tuple[str, str], ...] = ()  # (regular expression on the url, edition)
    author_aliases: tuple[tuple[str, str], ...] = ()  # (name as written, the person)
    generic_bylines: tuple[str, ...] = ()
    language: str = "ko"  # the dashboard's language when neither the link nor the browser says


@dataclass(frozen=True)
class DimensionFilter:
    """Articles of one author (a person, after aliases), one tag and one edition; None: any."""

    author: str | None = None
    tag: str | None = None
    edition: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.author, self.tag, self.edition))


def person_key(name: str) -> str:
    """What author names are matched on (the SQL macro person_key does the same)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name).strip()).lower()


def tag_key(tag: str) -> str:
    """What tags are matched on: NFC, lowercase, no leading '#' (SQL macro tag_key)."""
    return unicodedata.normalize("NFC", tag.strip().lstrip("#").strip()).lower()


def edition_code(value: Any, where: str, key: str) -> str:
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if not _EDITION.fullmatch(text):
        raise ConfigError(
            f"{where}: {key} must be a language code such as ko or en (not {value!r})"
        )
    return text


def _texts(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: {key} must be a list of texts (not {value!r})")
    return tuple(v.strip() for v in value)


def _rules(value: Any, where: str, editions: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: [newsroom] edition_rules must be a list of tables")
    rules = []
    for i, rule in enumerate(value, 1):
        if not isinstance(rule, Mapping) or set(rule) != {"url", "edition"}:
            raise ConfigError(
                f"{where}: [newsroom] edition_rules #{i} must be {{ url = REGEX, edition = CODE }}"
            )
        try:
            re.compile(str(rule["url"]))
        except re.error as exc:
            raise ConfigError(
                f"{where}: [newsroom] edition_rules #{i}: url is not a regular expression: {exc}"
            ) from exc
        code = edition_code(rule["edition"], where, f"[newsroom] edition_rules #{i} edition")
        if code not in editions:
            raise ConfigError(
                f"{where}: [newsroom] edition_rules #{i}: {code!r} is not in editions"
            )
        rules.append((str(rule["url"]), code))
    return tuple(rules)


def _aliases(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in value.items()
    ):
        raise ConfigError(f'{where}: [newsroom.author_aliases] maps "name as written" = "person"')
    return tuple((k.strip(), v.strip()) for k, v in value.items())


KEYS = {"default_edition", "editions", "edition_rules", "author_aliases", "generic_bylines",
        "language"}  # fmt: skip
LANGUAGES = ("ko", "en")  # the dashboard's catalogs (newsdash/dashboard/locale/)


def parse_newsroom(table: Mapping[str, Any], where: str) -> Newsroom:
    """[newsroom] of the merged config, every key checked."""
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) in [newsroom]: {', '.join(unknown)}")
    editions = tuple(
        edition_code(e, where, "[newsroom] editions")
        for e in _texts(table.get("editions", ["ko", "en"]), where, "[newsroom] editions")
    )
    default = edition_code(table.get("default_edition", "ko"), where, "[newsroom] default_edition")
    if default not in editions:
        raise ConfigError(f"{where}: [newsroom] default_edition {default!r} is not in editions")
    language = table.get("language", "ko")
    if language not in LANGUAGES:
        raise ConfigError(f"{where}: [newsroom] language must be one of {', '.join(LANGUAGES)}")
    return Newsroom(
        language=language,
        default_edition=default,
        editions=editions,
        edition_rules=_rules(table.get("edition_rules", []), where, editions),
        author_aliases=_aliases(table.get("author_aliases", {}), where),
        generic_bylines=_texts(
            table.get("generic_bylines", []), where, "[newsroom] generic_bylines"
        ),
    )
