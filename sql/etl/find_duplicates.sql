-- The batch's valid rows that repeat an accepted event_id, as rowids in the temp table
-- duplicate_rows(row_id, late): a later occurrence within the batch (files in load order, which
-- is file_id order; a file's rows landed in line order), or an id already in the lake
-- (history_ids). `late`: the repeated event's day is older than the window ($window_start), so
-- only the lake could tell (a late duplicate, counted per file).
-- Repeats within a batch are rare, so only the keys seen twice are looked at row by row.
CREATE OR REPLACE TEMP TABLE duplicate_rows AS
WITH repeated_keys AS (
    SELECT id_key
    FROM landed_events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
    GROUP BY id_key
    HAVING count(*) > 1
),
later_in_batch AS (
    SELECT rowid AS row_id,
        row_number() OVER (PARTITION BY event_id ORDER BY file_id, rowid) AS occurrence
    FROM landed_events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
        AND id_key IN (SELECT id_key FROM repeated_keys)
),
seen_before AS (
    SELECT e.rowid AS row_id, bool_or(h.dt < $window_start::DATE) AS late
    FROM landed_events AS e
    JOIN history_ids AS h USING (event_id)
    WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND e.reason IS NULL
    GROUP BY e.rowid
)
SELECT row_id, bool_or(late) AS late
FROM (
    SELECT row_id, false AS late FROM later_in_batch WHERE occurrence > 1
    UNION ALL
    SELECT row_id, late FROM seen_before
)
GROUP BY row_id
