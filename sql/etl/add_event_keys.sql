-- Adds the dedupe keys of the batch's accepted events whose site day is in the window (from
-- $window_start on) to event_keys.
INSERT INTO event_keys
SELECT id_key, event_time::DATE
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id AND event_time::DATE >= $window_start::DATE
