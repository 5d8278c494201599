-- Every row of a CSV file (header first, gzip'd or not) as a JSON object text, numbered by file
-- line (the header is line 1), into raw_lines(line, raw). Rows that are not valid CSV (wrong
-- number of fields, not UTF-8, too long) go to the csv_rejects table, which
-- malformed_csv_rows.sql reads.
CREATE OR REPLACE TEMP TABLE raw_lines AS
SELECT row_number() OVER () + 1 AS line, to_json(t)::VARCHAR AS raw
FROM read_csv(
    $path,
    header = true,
    all_varchar = true,
    ignore_errors = true,
    store_rejects = true,
    rejects_table = 'csv_rejects',
    rejects_scan = 'csv_reject_scans',
    -- [limits] line_bytes a line at most (a longer one is set aside, malformed), read in one
    -- stream: DuckDB's CSV buffer is 16 × max_line_size, and gzip is decompressed
    -- sequentially anyway; this keeps a load within a small memory limit.
    max_line_size = getvariable('limits').line_bytes,
    parallel = false
) AS t
