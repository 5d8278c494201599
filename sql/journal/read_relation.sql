-- Every row of the relation named $name (a temporary table or view), for the journal.
SELECT * FROM query_table($name)
