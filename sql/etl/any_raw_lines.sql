-- Whether raw_lines holds any non-blank line.
SELECT EXISTS (SELECT 1 FROM raw_lines WHERE raw IS NOT NULL AND trim(raw) <> '')
