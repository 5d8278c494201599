-- Quarantines the lines the batch's read set aside (skipped_lines.sql) as malformed, with their
-- line number, why and a bounded excerpt of their raw text.
INSERT INTO rejected (file_id, line, reason, field, detail, raw)
SELECT file_id, line, 'malformed', NULL, detail, raw
FROM skipped_lines
ORDER BY file_id, line
