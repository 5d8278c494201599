"""`newsdash import access-log|ga4 FILE...`: every file into the inbox, a summary line per file
(or a bar on a terminal), then the table. The load itself is the normal ETL run (commands.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from newsdash.etl.imports.articles import PatternError
from newsdash.etl.imports.config import import_settings
from newsdash.etl.imports.job import Importer, ImportResult
from newsdash.etl.imports.progress import progress_for, table
from newsdash.etl.inbox import InboxError
from newsdash.settings import ConfigError, Settings


def check_files(paths: list[Path]) -> None:
    for path in paths:
        if not path.is_file():
            raise InboxError(f"{path}: no such file")


def import_files(
    settings: Settings,
    source: str,
    paths: list[Path],
    fmt: str | None = None,
    article_url: str | None = None,
    articles: tuple[Path, ...] = (),
    out: TextIO = sys.stderr,
) -> ImportResult:
    """Import each file (source: "access-log" or "ga4") into the inbox; the table on stdout."""
    check_files([*paths, *articles])
    config = import_settings(settings)
    progress = progress_for(out)
    try:
        importer = Importer(config, progress, articles, article_url)
    except PatternError as exc:
        raise ConfigError(f"--article-url: {exc}") from None
    try:
        for path in paths:
            if source == "ga4":
                importer.ga4(path)
            else:
                importer.access_log(path, fmt or config.format)
    finally:
        progress.close()
    print(table(importer.result.files), flush=True)
    return importer.result
