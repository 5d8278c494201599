-- Appends the batch's delta rows (rollup_delta, from daily_readers.sql) by column name.
INSERT INTO daily_readers BY NAME SELECT * FROM rollup_delta
