-- The batch's valid rows that repeat an accepted event_id, as rowids in the temp table
-- duplicate_rows(row_id): a later occurrence within the batch (files in load order, which is
-- file_id order; a file's rows landed in line order), or a confirmed match with an event loaded
-- before (key_matches).
-- Repeats within a batch are rare, so only the keys seen twice are looked at row by row.
CREATE OR REPLACE TEMP TABLE duplicate_rows AS
WITH repeated_keys AS (
    SELECT id_key
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
    GROUP BY id_key
    HAVING count(*) > 1
),
later_in_batch AS (
    SELECT rowid AS row_id,
        row_number() OVER (PARTITION BY event_id ORDER BY file_id, rowid) AS occurrence
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
        AND id_key IN (SELECT id_key FROM repeated_keys)
),
candidate_ids AS (
    SELECT rowid AS row_id, event_id
    FROM events
    WHERE rowid IN (SELECT new_row FROM key_matches UNION ALL SELECT old_row FROM key_matches)
),
seen_before AS (
    SELECT m.new_row AS row_id
    FROM key_matches AS m
    JOIN candidate_ids AS n ON n.row_id = m.new_row
    JOIN candidate_ids AS o ON o.row_id = m.old_row
    WHERE n.event_id = o.event_id
)
SELECT row_id FROM later_in_batch WHERE occurrence > 1
UNION
SELECT row_id FROM seen_before
