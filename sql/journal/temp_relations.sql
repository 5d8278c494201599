-- The connection's temporary tables and views (registered Arrow and pandas data included).
SELECT table_name, 'table' FROM duckdb_tables() WHERE temporary
UNION ALL
SELECT view_name, 'view' FROM duckdb_views() WHERE temporary AND NOT internal
