-- Every physical line of a JSON Lines file (gzip'd or not) as text, numbered from 1, into the
-- temp table raw_lines(line, raw). The delimiter is a byte sequence that does not occur in
-- text, so each line is one column; blank lines stay (as NULL) to keep the numbering right.
CREATE OR REPLACE TEMP TABLE raw_lines AS
SELECT row_number() OVER () AS line, raw
FROM read_csv(
    $path,
    columns = {'raw': 'VARCHAR'},
    header = false,
    delim = chr(31) || chr(30) || chr(29) || chr(28),
    quote = '',
    escape = '',
    new_line = '\r\n',
    auto_detect = false,
    strict_mode = false,
    -- 1 MB lines at most, read in one stream: DuckDB's CSV buffer is 16 × max_line_size, and
    -- gzip is decompressed sequentially anyway; this keeps a load within a small memory limit.
    max_line_size = 1048576,
    parallel = false
)
