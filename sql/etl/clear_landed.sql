-- The batch's rows leave the landing table once its accepted events are in the lake.
DELETE FROM landed_events WHERE file_id BETWEEN $first_file_id AND $last_file_id
