-- Leaves only accepted events of the batch in events: deletes its blank and rejected lines
-- (already copied to the quarantine) and its duplicates (duplicate_rows).
DELETE FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id
    AND (reason IS NOT NULL OR rowid IN (SELECT row_id FROM duplicate_rows))
