"""Reading a warehouse as its readers see it: the published database, with the lake's raw
events and quarantine at the versions that database records (`lake_state`), as the temp views
`events` and `quarantine` of the same connection. Tests that count raw events read them here,
independently of the product's queries."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from deltalake import DeltaTable

from newsdash.etl.lake import lake_root

LAKE_TABLES = {"events": "events", "quarantine": "quarantine"}


def lake_versions(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    try:
        row = con.execute("SELECT events_version, quarantine_version FROM lake_state").fetchone()
    except duckdb.CatalogException:  # a database older than schema 6
        return None
    return (row[0], row[1]) if row else (0, 0)


def lake_files(table: Path, version: int) -> list[str]:
    if not DeltaTable.is_deltatable(str(table)):
        return []
    return DeltaTable(str(table), version=version).file_uris()


def lake_of(db: Path) -> Path:
    """A warehouse's lake (`<db>.lake`), or, for a backup file, its backup folder's `lake/`."""
    return lake_root(db) if lake_root(db).exists() else Path(db).parent / "lake"


def attach_lake(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Temp views `events` and `quarantine` over the lake beside `db` at its recorded versions."""
    versions = lake_versions(con)
    if versions is None:
        return
    for (name, folder), version in zip(LAKE_TABLES.items(), versions, strict=True):
        files = lake_files(lake_of(db) / folder, version)
        if files:
            con.execute(
                f"CREATE TEMP VIEW {name} AS SELECT * FROM read_parquet({files!r}, "
                "hive_partitioning = true, hive_types = {'dt': DATE})"
            )
        else:
            empty = {"events": "event_id VARCHAR, event_time TIMESTAMPTZ, event_type VARCHAR, "
                     "article_id VARCHAR, session_id VARCHAR, channel VARCHAR, referrer VARCHAR, "
                     "user_agent VARCHAR, is_bot BOOLEAN, file_id INTEGER, line BIGINT, dt DATE",
                     "quarantine": "file_id INTEGER, line BIGINT, reason VARCHAR, field VARCHAR, "
                     "detail VARCHAR, raw VARCHAR, dt DATE"}[name]  # fmt: skip
            con.execute(f"CREATE TEMP TABLE {name} ({empty})")


def connect(db: Path, timezone: str = "Asia/Seoul") -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published file with the lake's views."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET TimeZone = $tz", {"tz": timezone})
        attach_lake(con, db)
    except BaseException:
        con.close()
        raise
    return con


def copy_warehouse(db: Path, target: Path) -> Path:
    """Copy the database file `db` and its lake (`<db>.lake`) to the database path `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, target)
    if lake_root(db).exists():
        shutil.copytree(lake_root(db), lake_root(target), dirs_exist_ok=True)
    return target
