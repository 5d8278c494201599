-- Appends the batch's delta rows (rollup_delta, from widget_hourly.sql) by column name.
INSERT INTO widget_hourly BY NAME SELECT * FROM rollup_delta
