"""What the collector has done: the counters of GET /healthz, kept in `collect-state.json`.

The state file (`[collect] state_dir`, default `newsdash-data/collect/collect-state.json`) is
rewritten atomically every few seconds and at shutdown; the counts go on from it after a
restart, so they are totals since the file was made ("since"), while `started` is this process's
start. Data health can read it without asking the collector. It holds counts and times only.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from newsdash import clock

STATE_EVERY_SECONDS = 2.0


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def read_state(path: Path) -> dict[str, Any]:
    """The last saved counters; empty when there are none (or they cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class Health:
    def __init__(self, state_file: Path) -> None:
        self.state_file = state_file
        saved = read_state(state_file)
        self.since = saved.get("since") or iso(clock.now())
        self.started = iso(clock.now())
        self.requests_accepted = int(saved.get("requests_accepted", 0))
        self.events_accepted = int(saved.get("events_accepted", 0))
        self.files_written_before = int(saved.get("files_written", 0))
        self.refusals: Counter[str] = Counter(saved.get("refusals") or {})
        self.recovered_files = 0
        self.saved_at = 0.0  # time.monotonic() of the last save

    def accepted(self, events: int) -> None:
        self.requests_accepted += 1
        self.events_accepted += events

    def refused(self, reason: str) -> None:
        self.refusals[reason] += 1

    def snapshot(self, queue_events: int, last_write: datetime | None, files: int,
                 current: Path | None) -> dict[str, Any]:  # fmt: skip
        return {
            "status": "ok",
            "since": self.since,
            "started": self.started,
            "queue_depth": queue_events,
            "last_write": iso(last_write),
            "files_written": self.files_written_before + files,
            "open_file": current.name if current else None,
            "recovered_files": self.recovered_files,
            "requests_accepted": self.requests_accepted,
            "events_accepted": self.events_accepted,
            "refusals": dict(sorted(self.refusals.items())),
            "refused": sum(self.refusals.values()),
        }

    def save(self, snapshot: dict[str, Any], force: bool = False) -> None:
        """Write the state file, at most every STATE_EVERY_SECONDS unless forced."""
        if not force and time.monotonic() - self.saved_at < STATE_EVERY_SECONDS:
            return
        self.saved_at = time.monotonic()
        write_atomic(self.state_file, {**snapshot, "saved": iso(clock.now())})
