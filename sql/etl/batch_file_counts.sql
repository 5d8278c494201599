-- For each file of the batch, its accepted events: loaded, bots, first and last event time.
SELECT file_id, count(*) AS loaded, count(*) FILTER (WHERE is_bot) AS bots,
    min(event_time) AS first_event, max(event_time) AS last_event
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id
GROUP BY file_id
