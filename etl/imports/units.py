"""Both cores on one big log. A plain (not gzip'd) combined, vhost_combined or JSON log is cut
into ranges of UNIT_BYTES, each holding the lines that start in it; worker processes import the
ranges side by side, each into its own chunks (`import_<file>_<range>_<chunk>.jsonl`). A gzip'd
file cannot be read from the middle, and a W3C log's `#Fields:` header holds for the lines after
it: each is one range.

The ranges depend only on the file's size, so a rerun cuts them alike and finds the chunks an
earlier import finished. Identical lines (same second, address, request and agent) are told
apart within a range; one that straddles two ranges keeps one view of the pair.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from newsdash.etl.imports.counts import FileCounts
from newsdash.etl.imports.lines import is_gzip

UNIT_BYTES = 64 << 20
SPLITTABLE = ("combined", "vhost_combined", "json")


@dataclass(frozen=True)
class Unit:
    path: Path
    fmt: str
    key: str  # names its chunks: <file hash, 16 hex>_<range index, 4 digits>
    start: int = 0
    end: int | None = None

    @property
    def size(self) -> int:
        return (self.end if self.end is not None else self.path.stat().st_size) - self.start


@dataclass
class UnitResult:
    counts: FileCounts
    written: list[Path]
    kept: list[Path]


def plan(path: Path, fmt: str, file_key: str) -> list[Unit]:
    size, unit_bytes = path.stat().st_size, UNIT_BYTES
    if fmt not in SPLITTABLE or size <= unit_bytes or is_gzip(path):
        return [Unit(path, fmt, f"{file_key}_0000")]
    starts = range(0, size, unit_bytes)
    return [Unit(path, fmt, f"{file_key}_{i:04d}", s, min(s + unit_bytes, size))
            for i, s in enumerate(starts)]  # fmt: skip


def workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


_RUN: Callable[[Unit, bool], UnitResult] | None = None  # set in the parent, inherited by fork


def _run_in_worker(unit: Unit) -> UnitResult:
    assert _RUN is not None
    return _RUN(unit, False)


def run_units(
    units: list[Unit],
    run: Callable[[Unit, bool], UnitResult],
    done: Callable[[UnitResult, Unit], None],
) -> list[UnitResult]:
    """Each unit through `run` (in this process when there is one, or one core), else in forked
    workers; `done` hears of each as it ends. Results in the units' order."""
    if len(units) == 1 or workers() == 1:
        results = []
        for unit in units:
            results.append(run(unit, True))
            done(results[-1], unit)
        return results
    global _RUN
    _RUN = run
    found: dict[int, UnitResult] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(workers(), len(units)), mp_context=context) as pool:
        futures = {pool.submit(_run_in_worker, unit): i for i, unit in enumerate(units)}
        for future in as_completed(futures):
            found[futures[future]] = future.result()
            done(found[futures[future]], units[futures[future]])
    return [found[i] for i in range(len(units))]


def merge(name: str, fmt: str, parts: list[UnitResult]) -> FileCounts:
    """One file's counts from its ranges'; malformed examples renumbered to the file's lines."""
    total, before = FileCounts(name, fmt), 0
    for part in parts:
        c = part.counts
        total.lines += c.lines
        total.views += c.views
        total.shares += c.shares
        total.crawlers += c.crawlers
        total.skipped += c.skipped
        total.reasons.update(c.reasons)
        total.examples += [(line + before, field, detail) for line, field, detail in c.examples]
        total.files_written += len(part.written)
        total.files_kept += len(part.kept)
        before += c.lines
    total.examples = total.examples[:5]
    return total
