"""The run's journal: what a run changed in the database file, kept in the file it published.

Two files take turns (docs/lake.md, "Publishing the DuckDB side"): the published one and the
standby, which is the file published before it. A run brings the standby up to date by
applying the published file's journal, loads into it, and publishes it; the old published file
becomes the standby. Nothing is copied, so a run costs what it adds, not what the file holds.

The journal is generic: every query file the run executes that writes a table of the file
(found by DuckDB's own parser) is recorded before it runs, in the same transaction, with its
bound parameters and the rows of every temporary table or view it reads. Applying the journal
runs the same statements, in the same order, over the same rows, on a file that held what the
run started from: the result is the same file, row for row (tests/test_journal.py checks it
table by table). Sequences move outside transactions, so they are brought level at the end.

A generation's journal is given up (the next run copies the published file, as before the
journal existed) when a statement reads files outside the database (they may be gone when the
journal is applied) or the journal outgrows a quarter of the file it started from (at least
JOURNAL_FLOOR: a large load, for which copying is the cheaper way). The first run, which starts
from no file, keeps none: no standby could ever apply it. Other writers (dismiss) start an unjournaled generation. Which file may apply
which journal is decided by tokens, never by names or times: a journal applies only to the file
whose token is its base (`publication`, migration 013).
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa

from newsdash.sql import store

JOURNAL_FLOOR = 4 << 20
BYTES_PER_ROW = 40  # a landed row, compressed, for the up-front guess (measured: 60-130)
SEQUENCE = "(sequence)"
SESSION = "(session)"  # SET, a temporary macro: state of the connection later statements use
_FILE_READERS = re.compile(
    r"\b(read_\w+|delta_scan|parquet_scan|iceberg_scan|glob)\s*\(|^\s*COPY\b", re.I | re.M
)
_NAME = r"([\w.\"]+)"
_TARGETS = {
    "INSERT": re.compile(rf"\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+{_NAME}", re.I),
    "UPDATE": re.compile(rf"\bUPDATE\s+{_NAME}", re.I),
    "DELETE": re.compile(rf"\bDELETE\s+FROM\s+{_NAME}", re.I),
    "MERGE_INTO": re.compile(rf"\bMERGE\s+INTO\s+{_NAME}", re.I),
    "CREATE": re.compile(
        rf"\bCREATE\s+(?:OR\s+REPLACE\s+)?(TEMP\w*\s+)?\w+\s+(?:IF\s+NOT\s+EXISTS\s+)?{_NAME}", re.I
    ),
    "DROP": re.compile(rf"\bDROP\s+\w+\s+(?:IF\s+EXISTS\s+)?{_NAME}", re.I),
    "ALTER": re.compile(rf"\bALTER\s+\w+\s+(?:IF\s+EXISTS\s+)?{_NAME}", re.I),
    "COPY": re.compile(rf"\bCOPY\s+{_NAME}", re.I),
}


def without_comments(text: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in text.splitlines())


@cache
def _parser() -> store.Connection:
    """An in-memory connection, for DuckDB's parser."""
    return store.Database(None, ZoneInfo("UTC"), read_only=False).connect()


@cache
def write_targets(name: str) -> tuple[str, ...]:
    """The tables a query file writes (SEQUENCE for one that draws a sequence value, SESSION for
    one that sets the connection's state); the temporary tables it creates are not among them."""
    targets = []
    for statement in _parser().extract_statements(store.query_text(name)):
        text = without_comments(statement.query)
        kind = statement.type.name
        if kind == "SELECT" and re.search(r"\bnextval\s*\(", text, re.I):
            targets.append(SEQUENCE)
        if kind == "SET" or re.search(
            r"\bCREATE\s+(OR\s+REPLACE\s+)?TEMP\w*\s+(MACRO|FUNCTION)\b", text, re.I
        ):
            targets.append(SESSION)
            continue
        match = _TARGETS[kind].search(text) if kind in _TARGETS else None
        if match and not (kind == "CREATE" and match.group(1)):
            targets.append(match.groups()[-1].strip('"').split(".")[-1].lower())
    return tuple(targets)


@cache
def reads_files(name: str) -> bool:
    return bool(_FILE_READERS.search(without_comments(store.query_text(name))))


def temp_relations(con: store.Connection) -> dict[str, str]:
    """The connection's temporary relations: name -> 'table' or 'view'."""
    return {name.lower(): kind for name, kind in store.rows(con, "journal/temp_relations")}


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z_][a-z0-9_]*", without_comments(text).lower()))


def mentioned(text: str, names: dict[str, str]) -> list[tuple[str, str]]:
    words = words_of(text)
    return sorted((name, kind) for name, kind in names.items() if name in words)


def to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


@dataclass
class Recorder:
    """Records the writing statements of one connection (store.watching_writes calls it)."""

    seq: int
    limit: int
    size: int = 0
    recording: bool = True

    def __call__(self, con: store.Connection, name: str, bound: dict[str, Any]) -> Any:
        targets = write_targets(name)
        if name.startswith("journal/") or not targets:
            return store.run(con, name, bound)
        temps = temp_relations(con)
        if all(target in temps for target in targets):
            return store.run(con, name, bound)  # a temporary table of the run: not the file's
        own = begin_if_idle(con)
        try:
            text = store.query_text(name)
            relations = mentioned(text, temps)
            if self.recording and (reads_files(name) or self.too_large(con, relations)):
                self.recording = False
            if self.recording:
                inputs = self.snapshot(con, relations, "rowid" in words_of(text))
                self.record(con, name, bound, inputs)
            else:
                # In this statement's own transaction: were an earlier give-up rolled back with
                # its transaction, this one still marks the file's journal as incomplete.
                give_up(con)
            result = store.run(con, name, bound)
            return finish_own(con, result) if own else result
        except BaseException:
            if own:
                con.rollback()
            raise

    def too_large(self, con: store.Connection, relations: list[tuple[str, str]]) -> bool:
        """Whether recording these relations would take the journal past its limit, judged by
        their row counts before any is converted (a large load gives up at once)."""
        rows = sum(
            store.rows(con, "journal/count_rows", name=relation)[0][0]
            for relation, kind in relations
            if kind == "table"
        )
        return self.size + rows * BYTES_PER_ROW > self.limit

    def snapshot(
        self, con: store.Connection, relations: list[tuple[str, str]], rowids: bool
    ) -> list[tuple[str, bytes]]:
        """The rows of each relation, as Arrow IPC. A registered relation (a lazy query, like a
        rollup's delta rows) is registered again as its rows, so the statement reads exactly
        what was recorded and the query runs once. `rowids`: the statement reads rowids, which
        a temp table's rows then carry as a column."""
        inputs = []
        for relation, kind in relations:
            with_rowid = rowids and kind == "table"
            query = "journal/read_table_with_rowid" if with_rowid else "journal/read_relation"
            table = con.sql(store.query_text(query), params={"name": relation}).to_arrow_table()
            if kind == "view":
                con.register(relation, table)
            inputs.append((relation, to_ipc(table)))
            self.size += len(inputs[-1][1])
        return inputs

    def record(self, con, name: str, bound: dict[str, Any], inputs) -> None:
        text, params = store.query_text(name), pickle.dumps(bound)
        store.execute(con, "journal/add_statement", seq=self.seq, name=name, text=text,
                      params=params)  # fmt: skip
        for relation, rows in inputs:
            store.execute(con, "journal/add_input", seq=self.seq, name=relation, rows=rows)
        self.seq += 1


def give_up(con: store.Connection) -> None:
    """This generation will not have a complete journal: the next run copies the file."""
    for query in ("journal/give_up", "journal/forget_statements", "journal/forget_inputs"):
        store.execute(con, query)


def begin_if_idle(con: store.Connection) -> bool:
    """Begin a transaction unless one is open; True when this call began it. (A BEGIN inside a
    transaction would fail and abort it: asked first, by whether two statements share one.)"""
    first, second = (store.rows(con, "journal/transaction_id")[0][0] for _ in range(2))
    if first == second:
        return False
    con.begin()
    return True


def finish_own(con: store.Connection, result: store.Connection) -> Any:
    """Commit the transaction opened for one statement, keeping its result rows readable."""
    rows = result.df()  # a count, or a RETURNING row: small
    con.commit()
    con.register("journal_result", rows)  # replaced by the next one
    return store.run(con, "journal/result", {})


def start(con: store.Connection, journaled: bool, started_from: int = 0) -> Recorder | None:
    """Begin this writer's generation of the file, unless a run stopped early left one open
    (the run goes on with it); the Recorder to watch the connection with, if journaled.

    `started_from`: the size in bytes of the file the writer started from (0: none)."""
    journaled = journaled and started_from > 0
    state = store.rows(con, "journal/publication")[0][2]
    if state != "open":
        con.begin()
        store.execute(con, "journal/forget_statements")
        store.execute(con, "journal/forget_inputs")
        store.execute(con, "journal/start_generation", journal="open" if journaled else "none")
        con.commit()
    elif not journaled:  # another writer after a stopped run: the journal cannot be complete
        give_up(con)
    if not journaled:
        return None
    limit = max(JOURNAL_FLOOR, started_from // 4)
    return Recorder(store.rows(con, "journal/next_seq")[0][0], limit)


def finish(con: store.Connection, recorder: Recorder | None) -> None:
    """At the end of a run: its journal is complete, unless it was given up or never kept."""
    if recorder is not None and recorder.recording:
        store.execute(con, "journal/complete")
    else:
        give_up(con)


def line_up(con: store.Connection, published: Path, left_by_a_run: bool) -> bool:
    """Whether this working file can take the run: it holds the published file's generation, or
    a stopped run's work from it, or it is the published file's base and the published
    journal, applied to it now in one transaction, brings it there. False: nothing changed,
    and the run must copy the published file.

    `left_by_a_run`: the file was there when the run began (not the standby just taken): one
    from before the journal existed is trusted, as it was then."""
    store.execute(con, "journal/attach_published", path=str(published))
    try:
        try:
            (mine,) = store.rows(con, "journal/publication")
            (theirs,) = store.rows(con, "journal/published_publication")
        except duckdb.CatalogException:  # a file from before the journal
            return left_by_a_run
        if theirs[0] in (mine[0], mine[1]):
            return True
        if not journal_applies(con, mine, theirs):
            return False
        con.begin()
        try:
            apply_journal(con)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return True
    finally:
        store.execute(con, "journal/detach_published")


def journal_applies(con: store.Connection, mine: tuple, theirs: tuple) -> bool:
    versions = {store.schema_version(con), store.rows(con, "journal/published_schema")[0][0]}
    newest = store.migrations()[-1][0]
    return theirs[2] == "complete" and theirs[1] == mine[0] and versions == {newest}


def apply_journal(con: store.Connection) -> None:
    inputs: dict[int, list[tuple[str, bytes]]] = {}
    for seq, name, rows in store.rows(con, "journal/published_inputs"):
        inputs.setdefault(seq, []).append((name, rows))
    for seq, _name, text, params in store.rows(con, "journal/published_statements"):
        for relation, rows in inputs.get(seq, []):
            con.register(relation, from_ipc(rows))
        bound = pickle.loads(params)
        con.execute(text, bound) if bound else con.execute(text)
        for relation, _rows in inputs.get(seq, []):
            con.unregister(relation)
    for name, behind in store.rows(con, "journal/sequences_behind"):
        store.rows(con, "journal/advance_sequence", name=name, steps=behind)
    store.execute(con, "journal/forget_statements")
    store.execute(con, "journal/forget_inputs")
    store.execute(con, "journal/copy_publication")
