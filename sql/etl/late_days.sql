-- The site days of the batch's valid events older than the dedupe window ($window_start): the
-- Spark engine's dedupe reads the lake's files of those days besides the window's.
SELECT DISTINCT event_time::DATE AS day
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
    AND event_time::DATE < $window_start::DATE
ORDER BY 1
