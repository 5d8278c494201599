-- After read_lines.sql numbered only the lines that were read (1, 2, ...), gives each its real
-- line number: the p-th line read comes after every set-aside line whose gap is below p
-- (skipped_lines.sql).
UPDATE raw_lines SET line = raw_lines.line + (
    SELECT count(*) FROM skipped_lines AS s WHERE s.gap < raw_lines.line
)
