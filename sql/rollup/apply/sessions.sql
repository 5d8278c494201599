-- Appends the batch's delta rows (rollup_delta, from sessions.sql) by column name.
INSERT INTO sessions BY NAME SELECT * FROM rollup_delta
