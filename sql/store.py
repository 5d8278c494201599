"""The database door: the one place that opens DuckDB, and runs the `.sql` files next to it.

A `Database` knows its file, its mode (read-only or read-write) and the site time zone, so no
caller passes them again: `published(settings).reading()` is a reader's short-lived
connection, `Database(path, zone, read_only=False).connect()` the writer's.

Every query lives in a file under `sql/` (one query a file, a comment on top saying what it
returns) and is referred to by its path without the suffix, e.g. `"status/totals"`.
Parameters are bound by DuckDB (`$name`), never formatted into the text. A query that needs
the current instant binds `$now`, which this door fills from the one clock (`newsdash.clock`) unless
the caller passes it: no query reads DuckDB's own `current_timestamp`.
"""

from __future__ import annotations

import os
import re
import threading
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from newsdash import clock
from newsdash.settings import Settings

SQL_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = SQL_DIR / "schema"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_MIGRATION_NAME = re.compile(r"^(\d+)_[a-z0-9_]+\.sql$")

Connection = duckdb.DuckDBPyConnection
_IDLE: list[Connection] = []  # in-memory reader instances of process _IDLE_PID, attached to nothing
_IDLE_PID = os.getpid()
_IDLE_LOCK = threading.Lock()
_KEEP_IDLE = 4
_INHERITED: list[Connection] = []


class SchemaTooNew(RuntimeError):
    """The database was written by a newer newsdash than this one."""


@cache
def query_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def query_params(name: str) -> frozenset[str]:
    """The `$names` a query file binds (comments stripped first)."""
    text = "\n".join(line.split("--", 1)[0] for line in query_text(name).splitlines())
    return frozenset(_PARAM.findall(text))


@dataclass(frozen=True)
class Database:
    """One DuckDB database and how newsdash opens it (Datasette's `Database` is the model).

    `zone` is the site time zone: every connection cuts hours, days and weeks in it.
    `read_only` is the mode of `connect()`; `reading()` is always read-only. `memory_limit` is
    DuckDB's, for the writer (None: DuckDB's default). `path` None is an in-memory database.
    """

    path: Path | None
    zone: ZoneInfo
    read_only: bool = True
    memory_limit: str | None = None

    def exists(self) -> bool:
        return self.path is not None and Path(self.path).exists()

    def version(self) -> str | None:
        """The file's identity (inode, size, modification time) from one `stat`, no lock; None
        when there is no file yet. A publish renames a new file over the path: a new version."""
        try:
            st_ = os.stat(self.path)
        except (FileNotFoundError, TypeError):
            return None
        return f"{st_.st_ino}:{st_.st_size}:{st_.st_mtime_ns}"

    def connect(self) -> Connection:
        """A connection of the caller's own, in this database's mode, with the site time zone set
        (so hours and days cut in site time) and the shared macros."""
        config: dict[str, Any] = {"memory_limit": self.memory_limit} if self.memory_limit else {}
        target = ":memory:" if self.path is None else str(self.path)
        con = duckdb.connect(target, read_only=self.read_only, config=config)
        # icu loads with the first query, not at connect time, so the zone is set afterwards.
        execute(con, "meta/set_timezone", timezone=self.zone.key)
        execute(con, "meta/macros")
        return con

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A short-lived read-only connection: readers never hold the file longer than a query.

        The file is attached read-only to a fresh connection of an idle in-memory instance, and
        detached at the end. Unlike `duckdb.connect(path)`, which hands out the instance already
        open on that path while any connection to it lives, every `reading()` opens the file
        the path names now: after the ETL renames a new file over it, the next read sees the new
        data even while an older read still runs.
        """
        instance = _take_reader_instance()
        con = instance.cursor()
        reusable = False
        try:
            execute(con, "meta/attach_published", path=str(self.path))
            try:
                execute(con, "meta/use_published")
                execute(con, "meta/set_timezone", timezone=self.zone.key)
                execute(con, "meta/macros")
                yield con
            finally:
                execute(con, "meta/detach_published")
                reusable = True
        finally:
            con.close()
            if reusable:
                _give_back(instance)
            else:  # the file may still be attached: drop the instance, and the file with it
                instance.close()


def published(settings: Settings) -> Database:
    """The published warehouse of these settings, as readers (dashboard, CLI) open it."""
    return Database(settings.db, settings.zone)


def _take_reader_instance() -> Connection:
    """An idle in-memory DuckDB of this process for one reader, made if none is idle.

    Creating a DuckDB instance costs ≈ 15 ms, attaching a file to one ≈ 2 ms: instances are
    kept (up to _KEEP_IDLE, holding no file) and each serves one reader at a time, so the file
    can be attached under a fixed name. A forked child makes its own.
    """
    global _IDLE_PID
    with _IDLE_LOCK:
        if os.getpid() != _IDLE_PID:  # forked: the parent's instances are not ours to use
            _INHERITED.extend(_IDLE)  # nor to close (their threads stayed in the parent)
            _IDLE.clear()
            _IDLE_PID = os.getpid()
        if _IDLE:
            return _IDLE.pop()
    return duckdb.connect(":memory:")


def _give_back(instance: Connection) -> None:
    with _IDLE_LOCK:
        if os.getpid() == _IDLE_PID and len(_IDLE) < _KEEP_IDLE:
            _IDLE.append(instance)
            return
    instance.close()


def _bind(name: str, params: dict[str, Any]) -> dict[str, Any]:
    wanted = query_params(name)
    if "now" in wanted and "now" not in params:
        params = {**params, "now": clock.now()}
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    return {k: v for k, v in params.items() if k in wanted}


def execute(con: Connection, name: str, /, **params: Any) -> Connection:
    """Run one query file; extra keyword arguments are ignored, missing ones are an error.

    On a connection under `watching_writes`, the watcher runs it (the ETL's journal)."""
    bound = _bind(name, params)
    watcher = _WATCHERS.get(id(con))
    return watcher(con, name, bound) if watcher else run(con, name, bound)


def run(con: Connection, name: str, bound: Mapping[str, Any]) -> Connection:
    """Run one query file with its parameters already bound, unwatched."""
    return con.execute(query_text(name), dict(bound)) if bound else con.execute(query_text(name))


_WATCHERS: dict[int, Callable[[Connection, str, dict[str, Any]], Any]] = {}


@contextmanager
def watching_writes(
    con: Connection, watcher: Callable[[Connection, str, dict[str, Any]], Any] | None
) -> Iterator[None]:
    """Every query file executed on `con` in the block goes through `watcher` (None: none)."""
    if watcher is None:
        yield
        return
    _WATCHERS[id(con)] = watcher
    try:
        yield
    finally:
        _WATCHERS.pop(id(con), None)


def frame(con: Connection, name: str, /, **params: Any) -> pd.DataFrame:
    return execute(con, name, **params).df()


def rows(con: Connection, name: str, /, **params: Any) -> list[tuple]:
    return execute(con, name, **params).fetchall()


def arrow(con: Connection, name: str, /, **params: Any) -> Any:
    """A query file's rows as an Arrow table."""
    bound = _bind(name, params)
    return con.sql(query_text(name), params=bound or None).to_arrow_table()


def scalar(con: Connection, name: str, /, **params: Any) -> Any:
    row = execute(con, name, **params).fetchone()
    return row[0] if row else None


def execute_with_frame(
    con: Connection, name: str, view: str, data: pd.DataFrame, /, **params: Any
) -> Connection:
    """Run a query file that reads a pandas frame under the name `view`."""
    con.register(view, data)
    try:
        return execute(con, name, **params)
    finally:
        con.unregister(view)


@dataclass(frozen=True)
class RollupStep:
    """One rollup of `sql/rollup/order.toml`: the table it fills and how its delta rows apply."""

    table: str
    apply: str  # append | merge | temp

    @property
    def delta(self) -> str:
        return f"rollup/{self.table}"


_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def rollup_steps() -> tuple[RollupStep, ...]:
    """The rollups a load runs, in the order `sql/rollup/order.toml` declares."""
    with (SQL_DIR / "rollup" / "order.toml").open("rb") as fh:
        steps = tuple(RollupStep(**step) for step in tomllib.load(fh)["steps"])
    for step in steps:
        if not _TABLE_NAME.match(step.table) or step.apply not in ("append", "merge", "temp"):
            raise ValueError(f"sql/rollup/order.toml: bad step {step}")
    return steps


def compute_delta(con: Connection, step: RollupStep) -> None:
    """The step's delta rows (its one SELECT over `batch_events`) under the name `rollup_delta`,
    for its apply step. A delta query binds only `$now` (the Live rollup's two days)."""
    bound = _bind(step.delta, {})
    con.register("rollup_delta", con.sql(query_text(step.delta), params=bound or None))


def apply_delta(con: Connection, step: RollupStep) -> None:
    """Apply `rollup_delta` with the step's `rollup/apply/<table>.sql`: appended by column name,
    merged, or kept as a temp table for the next steps (order.toml says which)."""
    execute(con, f"rollup/apply/{step.table}")


def migrations() -> list[tuple[int, str]]:
    found = []
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path.stem))
    return found


def schema_version(con: Connection) -> int:
    if not scalar(con, "meta/has_migrations_table"):
        return 0
    return scalar(con, "meta/schema_version")


def migrate(
    con: Connection, during: Mapping[int, Callable[[Connection], None]] | None = None
) -> int:
    """Apply the schema files newer than the database's version, each in its own transaction;
    `during[version]`, if given, runs in that version's transaction after its file (moving
    data the file's schema change needs moved)."""
    current = schema_version(con)
    known = migrations()
    newest = known[-1][0] if known else 0
    if current > newest:
        raise SchemaTooNew(
            f"the database has schema version {current}, this newsdash knows up to {newest}: "
            "upgrade newsdash"
        )
    for version, stem in known:
        if version <= current:
            continue
        con.begin()
        try:
            con.execute(query_text(f"schema/{stem}"))
            if during and version in during:
                during[version](con)
            execute(con, "meta/record_migration", version=version, name=stem)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return newest
