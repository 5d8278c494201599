-- The temp view input_lines(file_id, line, raw) over the batch's JSON Lines files (gzip'd or
-- not): every physical line as text, in file order, then line order. The delimiter is a byte
-- sequence that does not occur in text, so each line is one column; blank lines stay (as NULL).
-- `line` is NULL here: numbering 10M lines in a window costs more than the load's own parse, so
-- land_events keeps the order and rejected lines get their number from it (number_rejected_lines).
-- The files are read in one scan, so each core decompresses and splits one gzip'd file.
-- A line that is not UTF-8 or is longer than [limits] line_bytes is set aside, not read: the
-- reader lists it in the temp table line_errors (with line_error_scans naming its file), and
-- the load rejects it alone (skipped_lines.sql); every other line of the file is read.
CREATE OR REPLACE TEMP VIEW input_lines AS
SELECT getvariable('batch').file_ids[list_position(getvariable('batch').paths, filename)]
        AS file_id,
    NULL::BIGINT AS line,
    raw
FROM read_csv(
    getvariable('batch').paths,
    columns = {'raw': 'VARCHAR'},
    header = false,
    delim = chr(31) || chr(30) || chr(29) || chr(28),
    quote = '',
    escape = '',
    new_line = '\r\n',
    auto_detect = false,
    strict_mode = false,
    filename = true,
    -- [limits] line_bytes a line at most (64 KB by default), each file read in one stream:
    -- DuckDB's CSV buffer is 16 × max_line_size, and gzip is decompressed sequentially anyway;
    -- this keeps a load within a small memory limit. Several files are still read side by side,
    -- one per thread.
    max_line_size = getvariable('limits').line_bytes,
    parallel = false,
    ignore_errors = true,
    store_rejects = true,
    rejects_table = 'line_errors',
    rejects_scan = 'line_error_scans'
)
