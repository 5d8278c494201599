-- Upgrade to schema 6: the dedupe keys of the settled files' events whose site day is in the
-- window (from $window_start on).
INSERT INTO event_keys
SELECT id_key, event_time::DATE
FROM landed_events
WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')
    AND event_time::DATE >= $window_start::DATE
