-- Every value of column $key_column of table $table (the keys of its index).
SELECT COLUMNS($key_column) FROM query_table($table)
