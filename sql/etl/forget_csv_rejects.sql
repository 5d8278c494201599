-- Drops the rows the previous CSV read set aside (read_csv_rows.sql: csv_rejects), so that
-- malformed_csv_rows.sql reads only the next file's.
DROP TABLE IF EXISTS csv_rejects
