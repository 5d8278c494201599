-- Appends the batch's delta rows (rollup_delta, from attention_histogram.sql) by column name.
INSERT INTO attention_histogram BY NAME SELECT * FROM rollup_delta
