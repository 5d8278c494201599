-- The batch's valid rows whose 8-byte id_key equals a key of the dedupe window (event_keys), with
-- the site day of the event the key came from, in the temp table key_matches(new_row, old_day).
-- A key match is only a candidate: find_duplicates.sql confirms it on the id, read in the lake.
CREATE OR REPLACE TEMP TABLE key_matches AS
SELECT n.rowid AS new_row, k.dt AS old_day
FROM landed_events AS n
JOIN event_keys AS k ON k.id_key = n.id_key
WHERE n.file_id BETWEEN $first_file_id AND $last_file_id AND n.reason IS NULL
