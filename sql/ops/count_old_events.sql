-- Retention: how many raw events the lake's Parquet files $files (the site days about to be
-- dropped) hold (read from the files' footers).
SELECT count(*) FROM read_parquet($files::VARCHAR[])
