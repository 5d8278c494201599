-- Appends the batch's delta rows (rollup_delta, from box_clicks.sql) by column name.
INSERT INTO box_clicks BY NAME SELECT * FROM rollup_delta
