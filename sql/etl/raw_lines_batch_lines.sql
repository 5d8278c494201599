-- The temp view input_lines(file_id, line, raw) over raw_lines, the rows of the batch's one CSV
-- or Parquet file as JSON object text with their line numbers (read_csv_rows / read_parquet_rows).
CREATE OR REPLACE TEMP VIEW input_lines AS
SELECT getvariable('batch').file_ids[1] AS file_id, line, raw
FROM raw_lines
