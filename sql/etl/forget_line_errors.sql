-- Drops the lines the previous read set aside (jsonl_batch_lines.sql: line_errors), so that
-- line_errors holds only the next read's.
DROP TABLE IF EXISTS line_errors
