-- The event ids of the batch's valid rows found in the lake's Parquet files $files (the days
-- lake_days_to_check.sql named, at the lake's version), with the site day of each, in the temp
-- table history_ids(event_id, dt).
CREATE OR REPLACE TEMP TABLE history_ids AS
SELECT DISTINCT event_id, dt
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types = {'dt': DATE})
WHERE event_id IN (
    SELECT event_id FROM landed_events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
)
