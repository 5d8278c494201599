"""Retention: raw events older than `[warehouse] retention_days` are deleted after a run.

Only the `events` table is trimmed by `retention_days`; the minute rollup of the Live page
(`minutely`) keeps two days whatever the setting, trimmed by every run (`trim_minutely`). The hourly rollup and the readers per hour (which the
dashboard's charts and the rankings read), articles, runs, the file ledger and the rejected
records stay, so last year's traffic still shows. `newsdash status` counts come from the file
ledger, so they do not drop either. Days are cut in site time.

A re-delivered *file* is still recognised after retention (the ledger keeps its hash); a new
file repeating the id of an event already deleted can no longer be recognised as a duplicate,
so keep the retention well beyond how late a source can re-send events.
"""

from __future__ import annotations

from newsdash.etl.testpoints import reached
from newsdash.settings import ConfigError
from newsdash.sql import store


def check_retention(days: int | None) -> None:
    """Refuse a retention that would delete recent (or future) events, before any work."""
    if days is not None and days < 1:
        raise ConfigError(
            f"[warehouse] retention_days = {days}: must be a whole number of days, 1 or more "
            "(leave it out to keep every raw event)"
        )


def trim_minutely(con: store.Connection) -> int:
    """Delete the minute rollup's rows older than two days (one statement, so atomic)."""
    return store.scalar(con, "ops/trim_minutely") or 0


def apply_retention(con: store.Connection, days: int | None) -> str | None:
    """Trim the minute rollup, then delete raw events older than `days` site-time days, in one
    transaction.

    Returns a note for the run history when raw events were deleted. Killed halfway, the
    transaction leaves nothing and the next run deletes the same events.
    """
    trim_minutely(con)
    if not days:
        return None
    cutoff = store.scalar(con, "ops/retention_cutoff", days=days)
    con.begin()
    try:
        reached("retention:delete")
        deleted = store.scalar(con, "ops/delete_old_events", cutoff=cutoff)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    if not deleted:
        return None
    return f"retention: deleted {deleted:,} raw events before {cutoff:%Y-%m-%d} ({days} days)"
