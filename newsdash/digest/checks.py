"""Data-health warnings for the digest, read from the ETL's own records (runs, files, quarantine).

Loads are judged over the 24 hours before the digest is made (at most until the end of the day
after the digest's day): the nightly run that loaded the day's files falls inside.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from newsdash.settings import Settings
from newsdash.sql import store

REJECT_JUMP = 2.0  # warn when the share of rejected records is at least this × the week before
MIN_REJECTS = 10  # ... and at least this many records were rejected
BASELINE_DAYS = 7
MAX_REASON = 200  # characters of a failed file's reason shown


def _when(value: Any) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"


def _absent(value: Any) -> bool:
    return value is None or pd.isna(value)


def failed_files(con: store.Connection, start: datetime, end: datetime) -> list[str]:
    found = []
    for name, reason, at in store.rows(con, "digest/failed_files", start=start, end=end):
        why = " ".join(str(reason or "no reason recorded").split())
        if len(why) > MAX_REASON:
            why = why[: MAX_REASON - 1] + "…"
        found.append(f"A file could not be loaded ({_when(at)}): {name}: {why}")
    return found


def late_data(fresh: dict[str, Any], end: datetime, now: datetime, max_hours: float) -> list[str]:
    """The day not loaded to its last hour, or the newest event older than freshness_hours."""
    last_hour = fresh["last_hour"]
    if _absent(last_hour):
        return ["No counted events are loaded yet."]
    found = []
    data_end = pd.Timestamp(last_hour).to_pydatetime() + timedelta(hours=1)
    if data_end < end:
        found.append(
            f"Late data: counted events end at {data_end:%Y-%m-%d %H:00}, before the end of the "
            "day; the day's figures are incomplete (has the night's ETL run?)."
        )
    last_event = fresh["last_event"]
    if not _absent(last_event):
        age = (now - pd.Timestamp(last_event).to_pydatetime()).total_seconds() / 3600
        if age > max_hours:
            found.append(
                f"Stale data: the newest event ({_when(last_event)}) is {age:,.0f} hours old, "
                f"more than the {max_hours:g} hours allowed ([site] freshness_hours)."
            )
    return found


def last_run(fresh: dict[str, Any]) -> list[str]:
    status = fresh["last_run_status"]
    if _absent(status) or status in ("ok", "running"):
        return []
    return [
        f"The last ETL run (#{int(fresh['last_run_id'])}, {_when(fresh['last_run_at'])}) "
        f"ended {status}."
    ]


def reject_jump(con: store.Connection, start: datetime, end: datetime) -> list[str]:
    """More rejected records than usual: a share at least REJECT_JUMP × the week before."""
    baseline_start = start - timedelta(days=BASELINE_DAYS)
    row = store.rows(con, "digest/rejects", recent_start=start, end=end,
                     baseline_start=baseline_start)[0]  # fmt: skip
    recent_read, recent_rejected, baseline_read, baseline_rejected = row
    if recent_rejected < MIN_REJECTS or not baseline_read:
        return []
    recent_rate, baseline_rate = recent_rejected / recent_read, baseline_rejected / baseline_read
    if recent_rate < REJECT_JUMP * baseline_rate:
        return []
    reasons = ", ".join(
        f"{reason} {n:,}"
        for reason, n in store.rows(con, "digest/reject_reasons", start=start, end=end)
    )
    return [
        f"Rejected records jumped: {recent_rejected:,} of {recent_read:,} records read "
        f"({recent_rate:.1%}) in the files loaded in the last 24 hours, against "
        f"{baseline_rate:.1%} in the {BASELINE_DAYS} days before ({reasons})."
    ]


def warnings(
    con: store.Connection, settings: Settings, start: datetime, end: datetime, now: datetime
) -> list[str]:
    """Every warning for the digest of the day [start, end), as made at `now`."""
    made = min(now, end + timedelta(days=1))
    loads_from = made - timedelta(hours=24)
    fresh = store.frame(con, "dash/freshness").iloc[0].to_dict()
    return [
        *failed_files(con, loads_from, made),
        *last_run(fresh),
        *late_data(fresh, end, now, settings.freshness_hours),
        *reject_jump(con, loads_from, made),
    ]
