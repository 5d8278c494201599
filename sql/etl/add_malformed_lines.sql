-- Adds an unreadable CSV row to raw_lines as text that is not a JSON object (so it is quarantined
-- as malformed with its original text).
INSERT INTO raw_lines VALUES ($line, $raw)
