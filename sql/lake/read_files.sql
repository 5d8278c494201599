-- The rows of a lake table's Parquet files (the list $files, from etl/lake.py `files`), with the
-- site day `dt` taken from each file's folder name (`dt=YYYY-MM-DD`): Delta keeps partition
-- values out of the data files.
SELECT *
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types = {'dt': DATE})
