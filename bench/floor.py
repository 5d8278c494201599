"""The floor: DuckDB alone reading the event files into a bare table of a database file.

    python bench/floor.py DB FILE...

One statement, the product's eight fields as explicit VARCHAR columns (no sniffing, no
parsing of times, no validation, dedupe or rollup), lines that are not JSON skipped; then the
database is closed (checkpointed), as the product's run ends.
"""

from __future__ import annotations

import sys

import duckdb

COLUMNS = ("event_id", "event_time", "event_type", "article_id", "session_id", "channel",
           "referrer", "user_agent")  # fmt: skip
LOAD = f"""
CREATE TABLE events AS
SELECT * FROM read_json(
    $files,
    format = 'newline_delimited',
    columns = {{{", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS)}}},
    ignore_errors = true,
    maximum_object_size = 16777216
)
"""


def load(db: str, files: list[str]) -> int:
    con = duckdb.connect(db)
    try:
        con.execute(LOAD, {"files": files})
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def main() -> int:
    db, files = sys.argv[1], sys.argv[2:]
    print(load(db, files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
