-- Every row of the temporary table named $name with its rowid as a column `rowid`, for a
-- journaled statement that reads rowids (applied later, the rows are a view whose column
-- `rowid` stands in for them). The name is one of the connection's own temp tables.
SELECT * FROM query('SELECT rowid AS rowid, * FROM "' || $name || '"')
