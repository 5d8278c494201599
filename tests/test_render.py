"""sql/render.py: each rollup's one DuckDB SELECT rendered for Spark (issue 16), without a JVM.

What sqlglot's own Spark rendering gets silently wrong is rendered right or refused by name;
whether the rendered rows equal DuckDB's is tests/test_spark_equivalence.py's question.
"""

from __future__ import annotations

import pytest
import sqlglot

from newsdash.sql import render, store


@pytest.mark.parametrize("step", [s.table for s in store.rollup_steps()])
def test_every_rollup_step_renders_for_spark_as_one_select(step):
    """A new step of order.toml that does not render fails here."""
    text = render.spark_sql(f"rollup/{step}")
    parsed = sqlglot.parse(text, dialect="spark")
    assert len(parsed) == 1 and isinstance(parsed[0], sqlglot.exp.Query)
    assert "$" not in text, "a DuckDB parameter marker left in the Spark text"
    assert render.tables_read(f"rollup/{step}"), "a step reads at least the batch"


def render_text(sql: str) -> str:
    return render.parse_query(sql, "a test query").sql(dialect=render.NewsdashSpark)


def test_epoch_ms_of_a_timestamp_is_its_milliseconds_not_the_inverse():
    assert sqlglot.transpile("SELECT epoch_ms(t)", read="duckdb", write="spark") == [
        "SELECT TIMESTAMP_MILLIS(t)"  # sqlglot's own rendering: the inverse function
    ]
    assert render_text("SELECT epoch_ms(t)") == "SELECT UNIX_MILLIS(t)"


def test_to_timestamp_is_an_instant_never_a_local_time_string():
    # FROM_UNIXTIME formats in the session zone: the two 01:00 hours of a fall-back night merge.
    assert "FROM_UNIXTIME" in sqlglot.transpile("SELECT to_timestamp(n)", read="duckdb",
                                                write="spark")[0]  # fmt: skip
    assert render_text("SELECT to_timestamp(n * 900)") == "SELECT TIMESTAMP_SECONDS(n * 900)"


def test_macros_are_expanded_with_their_arguments():
    text = render_text("SELECT site_hour(event_time) FROM e WHERE t >= live_minutes_from($now)")
    assert "SITE_HOUR" not in text.upper() and "LIVE_MINUTES_FROM" not in text.upper()
    assert "MINUTE(event_time)" in text
    assert "CAST(:now AS TIMESTAMP) - INTERVAL '2' DAY" in text


def test_list_last_is_null_for_an_empty_list_on_spark_too():
    assert render_text("SELECT list_last(l)") == "SELECT TRY_ELEMENT_AT(l, -1)"


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT hash(event_id) FROM e", "hash\\(\\) differs between DuckDB versions"),
        ("SELECT a FROM e QUALIFY row_number() OVER (ORDER BY a) = 1", "QUALIFY"),
    ],
)
def test_what_renders_unfaithfully_is_refused_by_name(sql, message):
    with pytest.raises(render.RenderError, match=message):
        render_text(sql)


@pytest.mark.parametrize("sql", ["INSERT INTO t SELECT 1", "SELECT 1; SELECT 2",
                                 "CREATE TEMP TABLE t AS SELECT 1"])  # fmt: skip
def test_anything_but_one_select_is_refused(sql):
    with pytest.raises(render.RenderError, match=r"sql/rollup/x\.sql: not one SELECT"):
        render.parse_query(sql, "sql/rollup/x.sql")
