"""Generated inputs, made once with `newsdash generate` and kept in a cache folder.

Each size N is one generation of 15 site days: the first 14 files are the history (about N
events: the full load), the 15th is the next night's file (the nightly increment). The
synthetic site grows through its window, so the generator is asked for GROWTH * N events to
leave about N in the first 14 days; the exact counts loaded are reported with the figures.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DAYS, HISTORY_DAYS, SEED = 15, 14, 1
GROWTH = 1.117  # measured: the first 14 of 15 days hold 89.5% of the generated events
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)\s*$")
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}


@dataclass(frozen=True)
class Dataset:
    label: str  # "10M"
    size: int  # events asked for in the history
    folder: Path
    summary: dict

    @property
    def event_files(self) -> list[Path]:
        return sorted(self.folder.glob("events_*.jsonl.gz"))

    @property
    def history(self) -> list[Path]:
        return self.event_files[:HISTORY_DAYS]

    @property
    def next_day(self) -> Path:
        return self.event_files[HISTORY_DAYS]

    @property
    def articles(self) -> Path:
        return self.folder / "articles.csv"

    @property
    def history_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.history)


def parse_size(text: str) -> int:
    """'1M' -> 1_000_000, '500k' -> 500_000, '2.5M' -> 2_500_000."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"size {text!r}: write e.g. 1M, 10M, 500k")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.lower()])


def label(size: int) -> str:
    for unit, factor in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if size >= factor and size % (factor // 10) == 0:
            value = size / factor
            return f"{value:g}{unit}"
    return str(size)


def cache_root(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    return Path(tempfile.gettempdir()) / "newsdash-bench"


def folder_for(root: Path, size: int) -> Path:
    return root / f"events{round(size * GROWTH)}-days{DAYS}-seed{SEED}"


def generate(newsdash: str, root: Path, size: int, log) -> Dataset:
    """The dataset for `size`, generated into the cache unless it is there already."""
    folder = folder_for(root, size)
    if not (folder / "summary.json").exists():
        log(f"generating {label(size)} events ({DAYS} days) into {folder}")
        build(newsdash, folder, round(size * GROWTH))
    summary = json.loads((folder / "summary.json").read_text())
    return Dataset(label(size), size, folder, summary)


def build(newsdash: str, folder: Path, events: int) -> None:
    """Generate into a partial folder, then rename: a folder with a summary is complete."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    cmd = [newsdash, "generate", "--events", str(events), "--days", str(DAYS)]
    cmd += ["--out", str(partial), "--seed", str(SEED)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    summary = json.loads(done.stdout)
    summary["generate_seconds"] = round(time.perf_counter() - start, 1)
    summary["out_dir"] = str(folder)
    (partial / "summary.json").write_text(json.dumps(summary, indent=1))
    os.replace(partial, folder)
