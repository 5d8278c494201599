-- For each file of the batch, its late duplicates (duplicate_rows.late): run before they are
-- deleted.
SELECT e.file_id, count(*) AS late_duplicates
FROM landed_events AS e
JOIN duplicate_rows AS d ON d.row_id = e.rowid
WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND d.late
GROUP BY e.file_id
