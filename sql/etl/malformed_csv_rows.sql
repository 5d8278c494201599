-- The CSV rows the last read_csv_rows.sql set aside as unreadable (one per line): line, and the
-- raw text cut to [limits] excerpt_chars.
SELECT line, left(ltrim(any_value(csv_line), chr(10) || chr(13)), getvariable('limits').excerpt_chars) AS raw
FROM csv_rejects
GROUP BY line
ORDER BY line
