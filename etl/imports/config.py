"""`[import]` in the config (newsdash/defaults.toml lists every key), checked when
`newsdash import` runs, so a typo here never stops the nightly ETL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdash.etl.imports.articles import PatternError, compile_article_url
from newsdash.etl.imports.formats import FORMATS, JSON_KEYS
from newsdash.etl.imports.outbox import LINES_PER_CHUNK
from newsdash.settings import ConfigError, Settings, resolve_path, sample_data


@dataclass(frozen=True)
class ImportSettings:
    inbox: Path
    state_dir: Path
    site: str
    zone: ZoneInfo
    article_url: str
    article_files: tuple[Path, ...] = ()
    format: str = "combined"
    trust_forwarded_for: bool = True
    json_keys: Mapping[str, Sequence[str]] = field(default_factory=dict)
    max_agent: int = 1024
    max_referrer: int = 2048
    chunk_lines: int = LINES_PER_CHUNK


def config_base(settings: Settings) -> Path:
    return Path(settings.source).parent if settings.source != "defaults" else Path.cwd()


def default_inbox(settings: Settings) -> Path:
    """The ETL's inbox; never the bundled sample data (part of the package): then `inbox/`
    beside the database."""
    if settings.inbox.resolve() != sample_data().resolve():
        return settings.inbox
    return settings.db.parent / "inbox"


def json_keys(table: Mapping, where: str) -> dict[str, tuple[str, ...]]:
    keys = table.get("json_keys", {})
    if not isinstance(keys, Mapping):
        raise ConfigError(f"{where}: [import.json_keys] must be a table")
    unknown = sorted(set(keys) - set(JSON_KEYS))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) in [import.json_keys]: {', '.join(unknown)} "
            f"(known: {', '.join(JSON_KEYS)})"
        )
    found = {}
    for name, value in keys.items():
        paths = [value] if isinstance(value, str) else value
        if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
            raise ConfigError(f"{where}: [import.json_keys] {name}: give a key or a list of keys")
        found[name] = tuple(paths)
    return found


def import_settings(settings: Settings) -> ImportSettings:
    table = settings.feature_tables.get("import", {})
    collect = settings.feature_tables.get("collect", {})
    where, base = settings.source, config_base(settings)
    pattern = str(table.get("article_url", ""))
    try:
        compile_article_url(pattern)
    except PatternError as exc:
        raise ConfigError(f"{where}: [import] {exc}") from None
    fmt = str(table.get("format", "combined"))
    if fmt not in (*FORMATS, "auto"):
        raise ConfigError(
            f"{where}: [import] format {fmt!r}: use one of {', '.join(FORMATS)}, auto"
        )
    articles = table.get("articles", [])
    if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
        raise ConfigError(f"{where}: [import] articles: give a list of article metadata files")
    limits = settings.limits.chars
    chunk = table.get("chunk_lines", LINES_PER_CHUNK)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ConfigError(f"{where}: [import] chunk_lines: give a whole number of lines, 1 or more")
    return ImportSettings(
        inbox=resolve_path(table.get("inbox"), default_inbox(settings), base),
        state_dir=resolve_path(table.get("state_dir"), settings.db.parent / "import", base),
        site=str(collect.get("site", "newsdash")),
        zone=settings.zone,
        article_url=pattern,
        article_files=tuple(resolve_path(a, Path(), base) for a in articles),
        format=fmt,
        trust_forwarded_for=bool(table.get("trust_forwarded_for", True)),
        json_keys=json_keys(table, where),
        max_agent=limits.get("user_agent", 1024),
        max_referrer=limits.get("referrer", 2048),
        chunk_lines=chunk,
    )
