-- The field names of the first row in raw_lines (CSV header / Parquet columns).
SELECT json_keys(raw) FROM raw_lines WHERE left(raw, 1) = '{' ORDER BY line LIMIT 1
