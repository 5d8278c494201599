-- Appends the batch's delta rows (rollup_delta, from attention_hourly.sql) by column name.
INSERT INTO attention_hourly BY NAME SELECT * FROM rollup_delta
