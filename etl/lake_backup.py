"""Incremental copies of the lake folder for backups: files never change once written (Parquet
data files, Delta log entries), so a file already present under the same name is skipped; the
one file Delta rewrites in place, `_delta_log/_last_checkpoint`, is always copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REWRITTEN = {"_last_checkpoint"}


def copy_new_lake_files(source: Path, target: Path) -> int:
    """Copy the files under `source` that `target` lacks (each durably: a partial file, fsync'd,
    renamed); returns how many were copied. Log entries go last, in name order, so that a copy
    stopped halfway never names a data file it lacks."""
    if not source.is_dir():
        return 0
    found = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    data = [p for p in found if "_delta_log" not in p.parts]
    log = [p for p in found if "_delta_log" in p.parts]
    copied = 0
    for path in data + log:
        destination = target / path.relative_to(source)
        if destination.exists() and path.name not in REWRITTEN:
            continue
        copy_file(path, destination)
        copied += 1
    return copied


def copy_file(path: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    with path.open("rb") as fh, partial.open("wb") as out:
        shutil.copyfileobj(fh, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, destination)
