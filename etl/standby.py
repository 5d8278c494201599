"""The standby: the file published before the current one (etl/swap.py).

A run takes the standby as its working file (`take_standby`) when it can: nothing else holds it
(a reader that opened it while it was published holds it for one query: wait for that, at
most STANDBY_PATIENCE seconds), and the published file's journal applies to it
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
from newsdash.settings import Settings
from newsdash.sql import store

STANDBY_PATIENCE = 2.0


def take_standby(settings: Settings) -> bool:
    """Make the standby, brought up to the published file by its journal, the working file;
    False (and the standby dropped if it could not be used) when the run must copy instead."""
    db, standby, work = settings.db, standby_path(settings.db), working_path(settings.db)
    finish_swap(db)
    if work.exists() or not standby.exists() or not db.exists():
        return False
    if not free_of_readers(standby, STANDBY_PATIENCE):
        return False
    os.replace(standby, work)
    caught_up = False
    try:
        con = store.Database(work, settings.zone, read_only=False).connect()
        try:
            caught_up = journal.catch_up(con, db)
        finally:
            con.close()
    except duckdb.Error:
        caught_up = False
    if not caught_up:
        for path in (work, wal_path(work)):
            path.unlink(missing_ok=True)
    return caught_up


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
