"""Is a database file whole? The check a file passes before it is published or kept as a backup.

DuckDB keeps a checksum in every 256 KB block of a database file and checks it when it reads
the block; it reads a block only when a query needs it. So garbage in a block that no query of
the day reads goes unnoticed: every run would copy it and publish it, every backup would keep
it. `verify_database` makes DuckDB read every block the database uses:

1. every column of every table, in full: one scan a table that hashes every column. (Not
   `count(column)`: DuckDB answers it for a NOT NULL column without reading the column's data.
   Not `min`/`max` either: measured, they left blocks unread.)
2. every node of every primary-key index: one lookup a key. A table scan never reads an index;
   a lookup reads the nodes on its key's path, so looking up every key reads the whole index.
   A lookup goes through the index only when DuckDB cannot answer it from the column's min and
   max (as in a one-row table), so that optimizer is off on the check's private connection.

The file headers are checked when the file is opened; free blocks hold nothing and are not
read. tests/test_ops_damage.py writes 64 KB of garbage into each block of a database in turn
and checks that this finds every one. What it costs: docs/operations.md, "Damaged files".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from newsdash.sql import store

# Errors that say the file could not be opened now, not that its content is bad.
NOT_DAMAGE = ("Could not set lock", "ermission", "No such file", "No space left")


class DatabaseDamaged(OSError):
    """A database file that does not read back whole; `detail` is DuckDB's first line."""

    def __init__(self, path: Path, detail: str, message: str | None = None) -> None:
        super().__init__(message or f"{path} is damaged ({detail})")
        self.path = path
        self.detail = detail


@dataclass(frozen=True)
class Verified:
    """What the check read: tables, their rows, and index keys looked up."""

    tables: int
    rows: int
    keys: int


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def verify_database(path: Path) -> Verified:
    """Read every block `path` uses; DatabaseDamaged if one does not read back whole.

    Opens the file read-only on a connection of its own (closed at the end): never call it on
    a file this process holds open.
    """
    try:
        con = store.Database(path, ZoneInfo("UTC")).connect()  # read-only
    except duckdb.Error as exc:
        raise damage_or_error(path, exc) from exc
    try:
        return read_every_block(con)
    except duckdb.Error as exc:
        raise damage_or_error(path, exc) from exc
    finally:
        con.close()


def read_every_block(con: store.Connection) -> Verified:
    tables = [name for (name,) in store.rows(con, "verify/tables")]
    rows = sum(store.rows(con, "verify/read_table", table=name)[0][0] for name in tables)
    store.execute(con, "verify/use_indexes")
    keys = 0
    for table, columns in store.rows(con, "verify/primary_keys"):
        # newsdash's keys are single columns; a composite one would need a lookup per column set
        (column,) = columns
        for (key,) in store.rows(con, "verify/index_keys", table=table, key_column=column):
            store.execute(con, "verify/look_up_key", table=table, key_column=column, key=key)
            keys += 1
    return Verified(len(tables), rows, keys)


def damage_or_error(path: Path, exc: duckdb.Error) -> OSError:
    detail = first_line(exc)
    if any(sign in detail for sign in NOT_DAMAGE):
        return OSError(f"{path}: cannot be checked now ({detail})")
    return DatabaseDamaged(path, detail)


def unreadable(db: Path, exc: BaseException) -> DatabaseDamaged:
    """The one line a reader (status, rank, export) prints when the published file fails."""
    detail = first_line(exc)
    return DatabaseDamaged(
        db,
        detail,
        f"{db} is not a readable newsdash database ({detail}): restore a backup with "
        "`newsdash restore FILE`",
    )
