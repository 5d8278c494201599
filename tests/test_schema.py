"""sql/schema/current.sql shows every table and view as the migrations leave it: applied to an
empty database, the migrations give the catalog current.sql gives (a view's columns included)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import duckdb

from newsdash.sql import store

CATALOG = {
    "columns": """
        SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = 'main' ORDER BY ALL""",
    "constraints": """
        SELECT table_name, constraint_type, constraint_column_names, expression
        FROM duckdb_constraints() ORDER BY ALL""",
    "sequences": """
        SELECT sequence_name, start_value, increment_by, min_value, max_value, cycle
        FROM duckdb_sequences() ORDER BY ALL""",
    "indexes": "SELECT table_name, index_name, sql FROM duckdb_indexes() ORDER BY ALL",
    "tables": "SELECT table_name FROM duckdb_tables() ORDER BY ALL",
    "views": "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY ALL",
}


def catalog(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {part: con.execute(query).fetchall() for part, query in CATALOG.items()}


def migrated() -> dict[str, list[tuple]]:
    con = store.Database(None, ZoneInfo("Asia/Seoul"), read_only=False).connect()
    try:
        store.migrate(con)
        return catalog(con)
    finally:
        con.close()


def described() -> dict[str, list[tuple]]:
    con = duckdb.connect()
    try:
        con.execute(store.query_text("schema/current"))
        return catalog(con)
    finally:
        con.close()


def test_current_sql_creates_what_the_migrations_leave():
    after_migrations, current = migrated(), described()
    assert len(after_migrations["tables"]) >= 15, after_migrations["tables"]
    assert after_migrations["views"], "the failed-files view"
    for part in CATALOG:
        assert current[part] == after_migrations[part], part


GAPS_ALLOWED = {9}  # 009: handed out, not merged yet


def test_current_sql_is_not_a_migration_and_the_migrations_count_from_one():
    versions = [version for version, _ in store.migrations()]
    # Numbers are handed out per task while several branches add migrations at once: each at
    # most once, in order, from 1. The only gap allowed is 009 (handed to a branch not merged
    # yet: 008 newsroom, 010 minutely and 011 attention landed before it); any other gap fails.
    assert versions[0] == 1 and versions == sorted(set(versions)) and len(versions) >= 4
    assert set(range(1, versions[-1] + 1)) - set(versions) <= GAPS_ALLOWED, versions
    assert "current" not in {stem for _, stem in store.migrations()}


APPLY_STATEMENT = {
    "append": "INSERT INTO",
    "merge": "MERGE INTO",
    "temp": "CREATE OR REPLACE TEMP TABLE",
}


def test_every_rollup_step_is_one_select_and_an_apply_of_its_kind():
    """sql/rollup/order.toml: each step's delta is a SELECT (the text another engine renders),
    and its apply file does what the step's kind says to the step's table."""
    steps = store.rollup_steps()
    assert len(steps) >= 6
    for step in steps:
        delta = store.query_text(step.delta)
        assert code_of(delta).upper().startswith(("SELECT", "WITH")), step.table
        apply = code_of(store.query_text(f"rollup/apply/{step.table}"))
        assert apply.startswith(f"{APPLY_STATEMENT[step.apply]} {step.table}"), step.table


def code_of(sql: str) -> str:
    """The statement without its leading comment lines."""
    return "\n".join(line for line in sql.splitlines() if not line.startswith("--")).strip()
