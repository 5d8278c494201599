-- An empty skipped_lines (see skipped_lines.sql), for a read that sets no line aside that way
-- (CSV and Parquet files quarantine their unreadable rows through raw_lines).
CREATE OR REPLACE TEMP TABLE skipped_lines (
    file_id INTEGER, line BIGINT, gap BIGINT, detail VARCHAR, raw VARCHAR
)
