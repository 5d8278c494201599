-- The primary-key and unique indexes of the open database file: table and key columns.
SELECT table_name, constraint_column_names
FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')
ORDER BY table_name, constraint_index
