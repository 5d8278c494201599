-- The CSV rows the last read_csv_rows.sql set aside as unreadable (one per line): line, raw text.
SELECT line, any_value(csv_line) AS raw FROM csv_rejects GROUP BY line ORDER BY line
