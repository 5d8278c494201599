"""The ETL asks the collector to cut its open inbox file, so a run loads what was just accepted.

The collector writes into a `.part` file and renames it into place every `rotate_seconds`
(10 by default): without this, an event waits for that rotation and then for the next run.
A run that starts first writes the request file `<inbox>/.cut` (hidden: no run reads it as
input), then waits, briefly, until the `.part` files a live collector holds have been renamed
into place. Each collector looks for the request at every tick of its writer (10 a second)
and cuts its file once per request it has not seen. No answer is needed and none is waited
for long: a stopped collector, a read-only inbox or an inbox without a collector cost the run
nothing but `patience` at most, and a `.part` untouched for `STALE_SECONDS` before the request
(a collector that died; its next start recovers the file) is not waited for at all.

Times compared are the file system's own (mtimes of the request and of the `.part` files), so
no clock of this process is read.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from newsdash.etl.collect.spool import CUT_REQUEST, PART, PREFIX

STALE_SECONDS = 120  # a `.part` this much older than the request belongs to no live collector
PATIENCE_SECONDS = 2.0


def live_parts(inbox: Path, request_mtime: float) -> list[Path]:
    """The `.part` files a live collector may hold: written to within STALE_SECONDS."""
    parts = []
    for part in inbox.glob(PREFIX + "*" + PART):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime >= request_mtime - STALE_SECONDS:
                parts.append(part)
    return parts


def cut_open_files(inbox: Path, patience: float = PATIENCE_SECONDS) -> list[Path]:
    """Ask the collectors to cut their files; return the `.part` files waited for.

    Returns as soon as they are all renamed into place, or after `patience` seconds; the
    request file is removed either way. An inbox that cannot be written is left alone.
    """
    request = inbox / CUT_REQUEST
    try:
        request.write_bytes(f"{os.getpid()}\n".encode())
        request_mtime = request.stat().st_mtime
    except OSError:
        return []
    try:
        waited = live_parts(inbox, request_mtime)
        deadline = time.monotonic() + patience
        while any(part.exists() for part in waited) and time.monotonic() < deadline:
            time.sleep(0.02)
        return waited
    finally:
        with contextlib.suppress(OSError):
            request.unlink()
