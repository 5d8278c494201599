"""`newsdash dismiss FILE-or-ID --reason TEXT`: a person decides that a failed file will not be
loaded, and says why.

A failed file keeps `newsdash status --max-age` unhealthy until a run loads it or someone
dismisses it. The dismissal is recorded (which ledger entry, why, when), shown by `status`,
and from then on the same bytes are skipped if they come back ("dismissed (why)"); a different
file under the same name still loads.

It writes like a run does: under the ETL lock (exit 75 while a run holds it), into the working
copy, published by the same checked rename (etl/publish.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsdash import clock
from newsdash.etl import journal
from newsdash.etl.publish import WarehouseError, exclusive_run, publish, working_path
from newsdash.etl.run import close_quietly, open_working_copy, warehouse_errors
from newsdash.settings import Settings
from newsdash.sql import store


class NotDismissable(ValueError):
    """The target is not a failed file still to deal with, or no reason was given."""


def dismiss(settings: Settings, target: str, reason: str) -> dict[str, Any]:
    """Dismiss the outstanding failed file named `target` (a file id, or its name)."""
    if not reason.strip():
        raise NotDismissable("say why with --reason TEXT (it is recorded and shown by status)")
    db = settings.db
    if not db.exists():
        raise WarehouseError(f"{db}: no data yet (run `newsdash etl` first)")
    with exclusive_run(db), warehouse_errors(db):
        if working_path(db).exists():
            raise WarehouseError(
                f"a run stopped early left {working_path(db).name}: run `newsdash etl` first "
                "(it finishes that run), then dismiss"
            )
        con, _ = open_working_copy(settings)
        try:
            journal.start(con, journaled=False)
            entry = outstanding_entry(con, target)
            store.execute(
                con, "etl/dismiss_file", file_id=entry["file_id"], reason=reason.strip(),
                now=clock.now(),
            )  # fmt: skip
            con.execute("CHECKPOINT")
        except BaseException:
            close_quietly(con)
            working_path(db).unlink(missing_ok=True)  # a plain copy: nothing to keep
            raise
        con.close()
        publish(db)
    return entry


def outstanding_entry(con: store.Connection, target: str) -> dict[str, Any]:
    """The failed file still to deal with that `target` names: its file id, or its file name
    (a path is taken by its name)."""
    cursor = store.execute(con, "status/failed_files")
    names = [col[0] for col in cursor.description]
    entries = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    name = Path(target).name
    for entry in entries:
        if str(entry["file_id"]) == target.strip() or entry["name"] == name:
            return entry
    raise NotDismissable(
        f"{target} is not a failed file to deal with (`newsdash status` lists them); "
        "a file that loaded since, or was dismissed already, needs nothing"
    )
