-- Every row of a Parquet file as a JSON object text, numbered from 1, into raw_lines(line, raw).
CREATE OR REPLACE TEMP TABLE raw_lines AS
SELECT file_row_number + 1 AS line, to_json(t)::VARCHAR AS raw
FROM read_parquet($path, file_row_number = true) AS t
