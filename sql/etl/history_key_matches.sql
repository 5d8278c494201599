-- The batch's valid rows whose 8-byte id_key equals that of an event loaded before the batch,
-- as pairs of rowids in the temp table key_matches(new_row, old_row). Only the keys are read
-- from the history: a key match is a candidate, confirmed on the id by find_duplicates.sql.
CREATE OR REPLACE TEMP TABLE key_matches AS
SELECT n.rowid AS new_row, o.rowid AS old_row
FROM events AS n
JOIN events AS o ON o.id_key = n.id_key
WHERE n.file_id BETWEEN $first_file_id AND $last_file_id AND n.reason IS NULL
    AND o.file_id < $first_file_id
