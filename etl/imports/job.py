"""One `newsdash import`: each source file to inbox chunks (counted), then, unless told not to,
the normal ETL run over those chunks."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from newsdash.etl.imports.access import AccessEvents, Crawlers
from newsdash.etl.imports.articles import Articles, ids_from_articles
from newsdash.etl.imports.config import ImportSettings
from newsdash.etl.imports.counts import FileCounts
from newsdash.etl.imports.formats import parser_for, sniff
from newsdash.etl.imports.ga4 import Ga4Events, rows
from newsdash.etl.imports.lines import LineReader, content_hash
from newsdash.etl.imports.outbox import Outbox
from newsdash.etl.imports.progress import UPDATE_EVERY_LINES, PlainProgress
from newsdash.etl.imports.sessions import Sessions, import_secret

SNIFF_LINES = 20


@dataclass
class ImportResult:
    files: list[FileCounts] = field(default_factory=list)
    inbox_files: list[Path] = field(default_factory=list)  # every chunk of these sources


class Importer:
    def __init__(
        self,
        settings: ImportSettings,
        progress: PlainProgress,
        article_files: tuple[Path, ...] = (),
        article_url: str | None = None,
    ) -> None:
        self.settings = settings
        self.progress = progress
        pattern = article_url or settings.article_url
        ids = ids_from_articles((*settings.article_files, *article_files), pattern)
        self.articles = Articles(pattern, ids)
        secret = import_secret(settings.state_dir)
        self.sessions = Sessions(secret, settings.site, settings.zone)
        self.crawlers = Crawlers()
        self.lines_per_chunk = settings.chunk_lines
        self.result = ImportResult()

    def outbox(self, path: Path) -> Outbox:
        return Outbox(self.settings.inbox, content_hash(path), self.lines_per_chunk)

    def finish(self, counts: FileCounts, outbox: Outbox) -> None:
        outbox.flush()
        counts.files_written, counts.files_kept = len(outbox.written), len(outbox.kept)
        self.result.files.append(counts)
        self.result.inbox_files.extend(outbox.files)
        self.progress.finish(counts)

    def access_log(self, path: Path, fmt: str) -> FileCounts:
        if fmt == "auto":
            reader = LineReader(path)
            try:
                first = [
                    raw.decode("utf-8", "replace") for _, raw in islice(reader, SNIFF_LINES) if raw
                ]
            finally:
                reader.close()
            fmt = sniff(first)
        parser = parser_for(fmt, self.settings.json_keys)
        counts = FileCounts(path.name, fmt)
        events = AccessEvents(parser.parse, self.articles, self.sessions, self.crawlers, counts,
                              self.settings.trust_forwarded_for)  # fmt: skip
        events.max_agent, events.max_referrer = self.settings.max_agent, self.settings.max_referrer
        outbox, reader = self.outbox(path), LineReader(path)
        self.progress.start(path.name, reader.size)
        add, line, update = outbox.add, events.line, self.progress.update
        try:
            for number, raw in reader:
                add(number, line(number, raw))
                if number % UPDATE_EVERY_LINES == 0:
                    update(reader.position, number)
        finally:
            reader.close()
        self.finish(counts, outbox)
        return counts

    def ga4(self, path: Path) -> FileCounts:
        counts = FileCounts(path.name, "ga4")
        events = Ga4Events(self.articles, self.sessions, counts)
        outbox = self.outbox(path)
        self.progress.start(path.name, path.stat().st_size)
        for number, row in rows(path):
            outbox.add(number, events.row(number, row))
            if number % UPDATE_EVERY_LINES == 0:
                self.progress.update(0, number)
        self.finish(counts, outbox)
        return counts
