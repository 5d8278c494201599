"""Retention: raw events older than `[warehouse] retention_days` are deleted after a run.

Only the lake's events table is trimmed by `retention_days`, by whole site days (`dt` folders, no
file rewritten); the minute rollup of the Live page (`minutely`) keeps two days whatever the
setting, trimmed by every run (`trim_minutely`), and so are the attention state's page views
and box clicks, to `[etl] dedupe_days` before the newest (`trim_attention_state`). The hourly rollup and the readers per hour
(which the dashboard's charts and the rankings read), articles, runs, the file ledger and the rejected
records stay, so last year's traffic still shows. `newsdash status` counts come from the file
ledger, so they do not drop either. Days are cut in site time.

A re-delivered *file* is still recognised after retention (the ledger keeps its hash); a new
file repeating the id of an event already deleted can no longer be recognised as a duplicate,
so keep the retention well beyond how late a source can re-send events.
"""

from __future__ import annotations

from newsdash.etl import lake
from newsdash.etl.lake_run import RunLake, record_versions
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


def trim_attention_state(con: store.Connection, days: int) -> int:
    """Forget page views and box clicks `days` older than the newest: what the attention rollups
    need to match a late engage event or a view to its click (one statement each)."""
    views = store.scalar(con, "ops/trim_page_views", days=days) or 0
    return views + (store.scalar(con, "ops/trim_box_clicks", days=days) or 0)


def apply_retention(con: store.Connection, days: int | None, run_lake: RunLake) -> str | None:
    """Trim the minute rollup (one statement); then drop the lake's site days of raw events older
    than `days` site-time days (one lake commit) and record the new version in the database (one
    transaction).

    Returns a note for the run history when something was deleted. Killed between the two, the
    next run rolls the lake back to the recorded version and deletes the same days again.
    """
    trim_minutely(con)
    trim_attention_state(con, run_lake.dedupe_days)
    if not days:
        return None
    cutoff = store.scalar(con, "ops/retention_cutoff", days=days)
    old = run_lake.events.file_uris(
        file_pruning_predicate=[(lake.PARTITION, "<", lake.iso_day(cutoff.date()))]
    )
    if not old:
        return None
    deleted = store.scalar(con, "ops/count_old_events", files=old)
    reached("retention:delete")
    lake.drop_days_before(run_lake.events, cutoff.date())
    reached("retention:dropped")  # the lake commit done, the database not yet told
    con.begin()
    try:
        record_versions(con, run_lake)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return f"retention: deleted {deleted:,} raw events before {cutoff:%Y-%m-%d} ({days} days)"
