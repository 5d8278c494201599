"""The standby: the file published before the current one (etl/swap.py).

A run takes the standby as its working file (`take_standby`) when it can: nothing else holds it
(a reader that opened it while it was published holds it for one query: wait for that, at
most PATIENCE seconds), and the published file's journal applies to it
(etl/journal.py). It then costs what the last run added; otherwise the run copies the
published file as before (etl/publish.py: prepare_working_copy).
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

import duckdb

from newsdash.etl import journal
from newsdash.etl.publish import wal_path, working_path
from newsdash.etl.swap import finish_swap, standby_path
from newsdash.etl.testpoints import reached
from newsdash.settings import Settings
from newsdash.sql import store

PATIENCE = 2.0  # seconds: a reader holds a file for one query


def take_standby(settings: Settings) -> bool:
    """Whether a working file is in place for the run: one a stopped run left (checked to be a
    run from the published file), or the standby brought up to the published file by its
    journal. False when the run must copy the published file instead."""
    db, standby, work = settings.db, standby_path(settings.db), working_path(settings.db)
    finish_swap(db)
    left_by_a_run = work.exists()
    if not left_by_a_run:
        if not (standby.exists() and db.exists()) or not free_of_readers(standby, PATIENCE):
            return False
        os.replace(standby, work)
        reached("standby:taken")
    if not db.exists():
        return True
    try:
        con = store.Database(work, settings.zone, read_only=False).connect()
    except duckdb.Error:
        return True  # unreadable: open_working_copy sets it aside and says so
    try:
        usable = journal.line_up(con, db, left_by_a_run)
    except duckdb.Error:
        usable = False
    finally:
        con.close()
    if not usable:
        for path in (work, wal_path(work)):
            path.unlink(missing_ok=True)
    reached("standby:ready" if usable else "standby:dropped")
    return usable


def free_of_readers(path: Path, patience: float) -> bool:
    """Whether no process holds `path` open through DuckDB (whose read-only connections hold a
    shared lock on the file), waiting up to `patience` seconds for the last one to finish."""
    deadline = time.monotonic() + patience
    with path.open("rb+") as fh:
        while True:
            try:
                fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.02)
                continue
            fcntl.lockf(fh, fcntl.LOCK_UN)
            return True
