-- The duplicates Spark found (the frame spark_duplicates: row_id of the landing table, late) as
-- the temp table duplicate_rows(row_id, late), as etl/find_duplicates.sql leaves it: the rest of
-- the settle step is the DuckDB engine's.
CREATE OR REPLACE TEMP TABLE duplicate_rows AS
SELECT row_id, late
FROM spark_duplicates
