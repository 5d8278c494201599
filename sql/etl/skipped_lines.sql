-- The lines the batch's read set aside (jsonl_batch_lines.sql: not UTF-8, or longer than
-- [limits] line_bytes) into the temp table skipped_lines(file_id, line, gap, detail, raw): the
-- batch's file id, the line's number, `gap` (how many lines of its file were read before it:
-- the p-th line read comes after every set-aside line whose gap is below p), why, and its raw
-- text cut to [limits] excerpt_chars (an undecodable byte shows as '?').
CREATE OR REPLACE TEMP TABLE skipped_lines AS
WITH lines AS (
    SELECT e.scan_id, e.file_id, e.line, any_value(e.error_type) AS error_type,
        any_value(e.csv_line) AS csv_line, any_value(s.file_path) AS file_path
    FROM line_errors AS e
    JOIN line_error_scans AS s USING (scan_id, file_id)
    GROUP BY e.scan_id, e.file_id, e.line
)
SELECT getvariable('batch').file_ids[list_position(getvariable('batch').paths, file_path)]
        AS file_id,
    line::BIGINT AS line,
    (line - row_number() OVER (PARTITION BY scan_id, file_id ORDER BY line))::BIGINT AS gap,
    CASE error_type
        WHEN 'INVALID ENCODING' THEN 'not valid UTF-8 text'
        WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line over the limit of '
            || format('{:,}', getvariable('limits').line_bytes) || ' bytes ([limits] line_bytes)'
        ELSE 'not readable as a line of text'
    END AS detail,
    left(ltrim(csv_line, chr(10) || chr(13)), getvariable('limits').excerpt_chars) AS raw
FROM lines
