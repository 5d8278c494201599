-- The number of rows of the temporary table named $name.
SELECT count(*) FROM query_table($name)
