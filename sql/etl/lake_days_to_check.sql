-- The site days of the lake whose events the dedupe of the batch reads: the days of its key
-- matches in the window (key_matches), and the days of its valid events older than the window
-- (late events, before $window_start): those are checked against their own day.
SELECT old_day FROM key_matches
UNION
SELECT event_time::DATE
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
    AND event_time::DATE < $window_start::DATE
ORDER BY 1
