-- Appends the batch's delta rows (rollup_delta, from hourly_bots.sql) by column name.
INSERT INTO hourly_bots BY NAME SELECT * FROM rollup_delta
