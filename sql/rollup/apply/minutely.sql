-- Appends the batch's delta rows (rollup_delta, from minutely.sql) by column name.
INSERT INTO minutely BY NAME SELECT * FROM rollup_delta
