-- Looks key $key up in table $table through the index on $key_column: DuckDB reads the index
-- nodes on that key's path (a table scan never reads an index).
SELECT count(*) FROM query_table($table) WHERE COLUMNS($key_column) = $key
