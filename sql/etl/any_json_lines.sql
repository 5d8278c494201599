-- Whether any line of raw_lines holds a JSON object.
SELECT EXISTS (SELECT 1 FROM raw_lines WHERE left(ltrim(raw), 1) = '{' AND json_valid(raw))
