-- Adds the lines the read set aside (skipped_lines.sql) to raw_lines with their line numbers and
-- excerpts; validate_articles.sql rejects them as malformed, whatever the excerpt holds.
INSERT INTO raw_lines SELECT line, raw FROM skipped_lines
