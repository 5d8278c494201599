-- Adds the dedupe keys of the events in the lake's Parquet files $files (the window's days) to
-- event_keys, with this DuckDB's hash().
INSERT INTO event_keys
SELECT hash(event_id), dt
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types = {'dt': DATE})
