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
from newsdash.etl.imports.ga4_engaged import EngagedTime
from newsdash.etl.imports.lines import LineReader
from newsdash.etl.imports.outbox import Outbox
from newsdash.etl.imports.progress import UPDATE_EVERY_LINES, PlainProgress
from newsdash.etl.imports.sessions import Sessions, import_secret
from newsdash.etl.imports.units import Unit, UnitResult, merge, plan, run_units
from newsdash.etl.inbox import content_hash

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
        self.crawlers("Mozilla/5.0")  # the bot patterns compiled here, before any worker is forked
        self.lines_per_chunk = settings.chunk_lines
        self.result = ImportResult()

    def outbox(self, path: Path) -> Outbox:
        return Outbox(self.settings.inbox, content_hash(path)[:16], self.lines_per_chunk)

    def finish(self, counts: FileCounts, outbox: Outbox) -> None:
        outbox.flush()
        counts.files_written, counts.files_kept = len(outbox.written), len(outbox.kept)
        self.result.files.append(counts)
        self.result.inbox_files.extend(outbox.files)
        self.progress.finish(counts)

    def log_format(self, path: Path, fmt: str) -> str:
        if fmt != "auto":
            return fmt
        reader = LineReader(path)
        try:
            first = [
                raw.decode("utf-8", "replace") for _, raw in islice(reader, SNIFF_LINES) if raw
            ]
        finally:
            reader.close()
        return sniff(first)

    def access_log(self, path: Path, fmt: str) -> FileCounts:
        fmt = self.log_format(path, fmt)
        units = plan(path, fmt, content_hash(path)[:16])
        self.progress.start(path.name, path.stat().st_size)
        finished = {"bytes": 0, "lines": 0}

        def done(part: UnitResult, unit: Unit) -> None:
            finished["bytes"] += unit.size
            finished["lines"] += part.counts.lines
            self.progress.update(finished["bytes"], finished["lines"])

        parts = run_units(units, self.unit, done)
        counts = merge(path.name, fmt, parts)
        self.result.files.append(counts)
        self.result.inbox_files.extend(
            sorted(p for part in parts for p in part.written + part.kept)
        )
        self.progress.finish(counts)
        return counts

    def unit(self, unit: Unit, live: bool) -> UnitResult:
        """One range of a log into its chunks; `live`: report progress as lines are read."""
        counts = FileCounts(unit.path.name, unit.fmt)
        parser = parser_for(unit.fmt, self.settings.json_keys)
        events = AccessEvents(parser.parse, self.articles, self.sessions, self.crawlers, counts,
                              self.settings.trust_forwarded_for)  # fmt: skip
        events.max_agent, events.max_referrer = self.settings.max_agent, self.settings.max_referrer
        outbox = Outbox(self.settings.inbox, unit.key, self.lines_per_chunk)
        reader = LineReader(unit.path, unit.start, unit.end)
        add, line, update = outbox.add, events.line, self.progress.update
        per_chunk = outbox.lines_per_chunk
        try:
            for number, raw in reader:
                event = line(number, raw)
                if event is not None:
                    add(number, event)
                elif number % per_chunk == 0:  # a chunk's last line, without an event
                    add(number, None)  # closes the chunk all the same
                if live and number % UPDATE_EVERY_LINES == 0:
                    update(reader.position, number)
        finally:
            reader.close()
        outbox.flush()
        return UnitResult(counts, outbox.written, outbox.kept)

    def ga4(self, path: Path) -> FileCounts:
        """The file's rows into chunks as they are read, then the engage events of its sessions'
        page views into chunks of their own (`import_<key>e_<chunk>.jsonl`), kept like the
        others when an earlier import finished them."""
        counts = FileCounts(path.name, "ga4")
        engaged = EngagedTime(self.settings.state_dir, self.settings.zone)
        try:
            events = Ga4Events(self.articles, self.sessions, counts, engaged)
            key = content_hash(path)[:16]
            engaged.start_file(key)
            outbox = Outbox(self.settings.inbox, key, self.lines_per_chunk)
            self.progress.start(path.name, path.stat().st_size)
            for number, row in rows(path):
                outbox.add(number, events.row(number, row))
                if number % UPDATE_EVERY_LINES == 0:
                    self.progress.update(0, number)
            outbox.flush()
            engages = Outbox(self.settings.inbox, f"{key}e", self.lines_per_chunk)
            for number, line in enumerate(engaged.engage_lines(counts), 1):
                engages.add(number, line)
        finally:
            engaged.close()
        engages.flush()
        outbox.written += engages.written
        outbox.kept += engages.kept
        self.finish(counts, outbox)
        return counts
