-- For file $file_id: records read, loaded, rejected, bots, first and last event time.
-- Duplicates are what is left: read - loaded - rejected.
SELECT
    (SELECT count(*) FROM checked_events) AS records_read,
    count(*) AS loaded,
    (SELECT count(*) FROM checked_events WHERE reason IS NOT NULL) AS rejected,
    count(*) FILTER (WHERE is_bot) AS bots,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM events
WHERE file_id = $file_id
