-- The rows of readers_by_article whose hour can hold an event of the batch (batch_events, from
-- an hour before its first event to its last): all the Spark engine gives its daily_readers step
-- of that table, instead of the whole history.
SELECT r.*
FROM readers_by_article AS r, (SELECT min(event_time) AS first, max(event_time) AS last FROM batch_events) AS b
WHERE r.hour > b.first - INTERVAL 1 HOUR AND r.hour <= b.last
