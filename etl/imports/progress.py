"""Progress of a long import: on a terminal a bar (rich) with bytes done, lines per second and
time left; under systemd or a pipe one summary line per file. Then the summary table."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from newsdash.etl.imports.counts import ACCESS_REASONS, GA4_REASONS, FileCounts
from newsdash.terminal import printable

UPDATE_EVERY_LINES = 20_000


def summary_line(counts: FileCounts, seconds: float) -> str:
    reasons = ", ".join(f"{r} {n:,}" for r, n in sorted(counts.reasons.items())) or "none"
    rate = counts.lines / seconds if seconds > 0 else 0.0
    kept = (
        f"; {counts.files_kept} inbox files kept from an earlier import"
        if counts.files_kept
        else ""
    )
    if counts.kind == "ga4":
        methods = ", ".join(
            f"{printable(m)} {n:,}" for m, n in counts.unknown_channels.most_common()
        )
        kept += f"; unknown share methods: {methods}" if methods else ""
        kept += (
            f"; engagement_time_msec {counts.engagement_msec:,}; engaged time of"
            f" {counts.engaged_views:,} page views {counts.engaged_ms_loaded:,} ms"
            f" (other pages {counts.engaged_ms_other_pages:,} ms,"
            f" no page view {counts.engaged_ms_unattributed:,} ms)"
        )
    return (
        f"imported {printable(counts.name)} ({counts.kind}): {counts.lines:,} lines, "
        f"{counts.views:,} views, {counts.shares:,} shares ({counts.crawlers:,} by crawlers), "
        f"not loaded: {reasons}; {seconds:.1f} s, {rate:,.0f} lines/s{kept}"
    )


class PlainProgress:
    """One line per file when it is done (systemd's journal, a pipe, a test)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = 0.0

    def start(self, name: str, total_bytes: int) -> None:
        self.started = time.monotonic()

    def update(self, position: int, lines: int) -> None:
        pass

    def finish(self, counts: FileCounts) -> None:
        print(summary_line(counts, time.monotonic() - self.started), file=self.out, flush=True)
        for line, field, detail in counts.examples:
            where = f"{printable(counts.name)}:{line}: malformed ({printable(field)})"
            print(f"    {where}: {printable(detail)}", file=self.out, flush=True)

    def close(self) -> None:
        pass


class RichProgress(PlainProgress):
    """A bar per file on the terminal, then the same summary line."""

    def __init__(self, out: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        super().__init__(out)
        self.console = Console(file=out)
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[rate]:>12} lines/s"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task = None
        self.total = 0
        self.bar.start()

    def start(self, name: str, total_bytes: int) -> None:
        super().start(name, total_bytes)
        self.total = total_bytes
        self.task = self.bar.add_task(printable(name), total=total_bytes, rate="")

    def update(self, position: int, lines: int) -> None:
        seconds = time.monotonic() - self.started
        rate = f"{lines / seconds:,.0f}" if seconds > 0 else ""
        self.bar.update(self.task, completed=position, rate=rate)

    def finish(self, counts: FileCounts) -> None:
        self.update(self.total, counts.lines)
        self.bar.refresh()  # drawn at least once, however short the file
        self.bar.remove_task(self.task)
        self.bar.console.print(
            summary_line(counts, time.monotonic() - self.started), markup=False, highlight=False
        )

    def close(self) -> None:
        self.bar.stop()


def progress_for(out: TextIO = sys.stderr) -> PlainProgress:
    return RichProgress(out) if out.isatty() else PlainProgress(out)


def table(files: list[FileCounts]) -> str:
    """The summary: one row per file and the total; every line read is in exactly one column."""
    ga4 = any(f.kind == "ga4" for f in files)
    reasons = list(dict.fromkeys((*ACCESS_REASONS, *(GA4_REASONS if ga4 else ()))))
    header = ["file", "lines", "views", "shares", "crawlers", "skipped", *reasons]
    total = FileCounts("total", "")
    for f in files:
        total.lines += f.lines
        total.views += f.views
        total.shares += f.shares
        total.crawlers += f.crawlers
        total.skipped += f.skipped
        total.reasons.update(f.reasons)
    rows = [
        [printable(f.name), *(f"{n:,}" for n in (f.lines, f.views, f.shares, f.crawlers, f.skipped)),
         *(f"{f.reasons.get(r, 0):,}" for r in reasons)]
        for f in [*files, total]
    ]  # fmt: skip
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in [header, *rows]]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
