-- The tables of the open database file (not the temporary ones), in name order.
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND NOT temporary
ORDER BY table_name
