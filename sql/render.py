"""A query file written once in DuckDB's dialect, rendered for Apache Spark (issue 16).

The rollups' delta SELECTs (`sql/rollup/<table>.sql`) are the one source of each rollup: DuckDB
runs them as written, Spark runs `spark_sql(name)`. sqlglot translates between the two, but
silently wrongly in places measured here; the two small dialects below fix those, and what
cannot be rendered faithfully is refused with a message naming the file, never guessed:

- `epoch_ms(ts)` (DuckDB: a timestamp's epoch milliseconds) became `TIMESTAMP_MILLIS`, the
  inverse function: read as `UNIX_MILLIS(ts)`. In these files `epoch_ms` takes a timestamp.
- `to_timestamp(seconds)` became `CAST(FROM_UNIXTIME(n) AS TIMESTAMP)`, which goes through a
  local-time string and merges the two fall-back hours of a DST zone (America/New_York on
  2025-11-02): rendered `TIMESTAMP_SECONDS(n)`, an instant.
- `list_last(list)` has no Spark twin: `TRY_ELEMENT_AT(list, -1)` (NULL for an empty list, as
  DuckDB; Spark's ANSI mode would raise on `element_at`).
- Macros of `sql/meta/macros.sql` (e.g. `live_minutes_from($now)`) are expanded in place.
- `hash()` differs between DuckDB versions and engines, and sqlglot's QUALIFY rewrite for
  Spark dropped an alias: both refused (store a key computed once; filter a subquery instead).
- A temp table (`CREATE TEMP TABLE AS`) became a view, re-read after later writes: only one
  SELECT a file is rendered; what a step keeps is materialised by its engine (the "temp" apply).

Parameters stay parameters: `$now` becomes Spark's named marker `:now` (bound by `spark.sql`).
"""

from __future__ import annotations

import re
from functools import cache

import sqlglot
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.spark import Spark

from newsdash.sql import store

MACROS_FILE = "meta/macros"
# A macro's body runs to the next macro or the end of the file (a `;` may sit inside a string).
_MACRO = re.compile(
    r"CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO\s+(\w+)\s*\(([^)]*)\)\s+AS\s+(.*?)\s*"
    r"(?=CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO|\Z)",
    re.S | re.I,
)
REFUSED_FUNCTIONS = {
    "hash": "hash() differs between DuckDB versions and engines: store a key computed once",
}


class RenderError(ValueError):
    """A query file that cannot be rendered for Spark faithfully (the message names the file)."""


class NewsdashDuckDB(DuckDB):
    """DuckDB as newsdash's query files write it: `epoch_ms` always takes a timestamp."""

    class Parser(DuckDB.Parser):
        FUNCTIONS = {
            **DuckDB.Parser.FUNCTIONS,
            "EPOCH_MS": lambda args: exp.UnixMillis(this=seq_get_one(args, "epoch_ms")),
        }


class NewsdashSpark(Spark):
    """Spark SQL with the renderings above that sqlglot's own Spark dialect gets wrong."""

    class Generator(Spark.Generator):
        TRANSFORMS = {
            **Spark.Generator.TRANSFORMS,
            exp.UnixToTime: lambda self, e: unix_to_time(self, e),
            exp.UnixMillis: lambda self, e: self.func("UNIX_MILLIS", e.this),
        }

        def anonymous_sql(self, expression: exp.Anonymous) -> str:
            if expression.name.lower() == "list_last":
                return self.func("TRY_ELEMENT_AT", *expression.expressions, exp.Literal.number(-1))
            return super().anonymous_sql(expression)


def seq_get_one(args: list, name: str) -> exp.Expression:
    if len(args) != 1:
        raise RenderError(f"{name}() takes one timestamp here, got {len(args)} arguments")
    return args[0]


def unix_to_time(generator: Spark.Generator, expression: exp.UnixToTime) -> str:
    """An instant from epoch seconds (or the given scale), never through local time."""
    scale = expression.args.get("scale")
    unit = int(scale.name) if isinstance(scale, exp.Literal) else 0
    function = {0: "TIMESTAMP_SECONDS", 3: "TIMESTAMP_MILLIS", 6: "TIMESTAMP_MICROS"}.get(unit)
    if function is None or expression.args.get("zone") or expression.args.get("format"):
        raise RenderError(f"cannot render {expression.sql('duckdb')} for Spark")
    return generator.func(function, expression.this)


@cache
def macros() -> dict[str, tuple[list[str], exp.Expression]]:
    """The macros every DuckDB connection gets (sql/meta/macros.sql): name -> (params, body)."""
    text = "\n".join(line.split("--", 1)[0] for line in store.query_text(MACROS_FILE).splitlines())
    found = {}
    for name, params, body in _MACRO.findall(text):
        names = [p.strip().lower() for p in params.split(",") if p.strip()]
        found[name.lower()] = (names, sqlglot.parse_one(body.rstrip(";"), dialect=NewsdashDuckDB))
    return found


def expand_macro(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Anonymous) or node.name.lower() not in macros():
        return node
    params, body = macros()[node.name.lower()]
    if len(params) != len(node.expressions):
        raise RenderError(f"macro {node.name} takes {len(params)} arguments")
    values = dict(zip(params, node.expressions, strict=True))

    def substitute(part: exp.Expression) -> exp.Expression:
        if isinstance(part, exp.Column) and not part.table and part.name.lower() in values:
            return values[part.name.lower()].copy()
        return part

    return exp.Paren(this=body.copy().transform(substitute))


def parse_select(name: str) -> exp.Query:
    """The query file `sql/<name>.sql` as one SELECT, macros expanded; refused otherwise."""
    return parse_query(store.query_text(name), f"sql/{name}.sql")


def parse_query(text: str, where: str) -> exp.Query:
    """One SELECT (a UNION counts) in newsdash's DuckDB dialect, macros expanded; anything
    else, or what does not render faithfully, is a RenderError naming `where`."""
    try:
        statements = [s for s in sqlglot.parse(text, dialect=NewsdashDuckDB) if s]
    except sqlglot.errors.ParseError as exc:
        raise RenderError(f"{where}: sqlglot cannot parse it: {exc}") from exc
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise RenderError(f"{where}: not one SELECT (writes belong to the apply files)")
    query = statements[0].transform(expand_macro)
    refuse_unfaithful(where, query)
    return query


def refuse_unfaithful(where: str, query: exp.Query) -> None:
    for call in query.find_all(exp.Anonymous):
        if call.name.lower() in REFUSED_FUNCTIONS:
            raise RenderError(f"{where}: {REFUSED_FUNCTIONS[call.name.lower()]}")
    if query.find(exp.Qualify):
        raise RenderError(
            f"{where}: QUALIFY does not render faithfully for Spark: filter a subquery"
        )


@cache
def spark_sql(name: str) -> str:
    """The query file `sql/<name>.sql` in Spark SQL."""
    return parse_select(name).sql(dialect=NewsdashSpark, pretty=True)


@cache
def tables_read(name: str) -> frozenset[str]:
    """The tables (and temp tables) the query file reads, CTE names left out."""
    query = parse_select(name)
    ctes = {cte.alias_or_name.lower() for cte in query.find_all(exp.CTE)}
    return frozenset(t.name.lower() for t in query.find_all(exp.Table)) - ctes
