-- Adds the (hour, article, session) triples of the counted views of file $file_id that the
-- readers rollup does not hold yet. Like merge_hourly.sql, a plain query over the events table.
INSERT INTO hourly_readers
SELECT d.hour, d.article_id, d.session_id
FROM (
    SELECT DISTINCT date_trunc('hour', event_time) AS hour, article_id, session_id
    FROM events
    WHERE file_id = $file_id AND event_type = 'view' AND NOT is_bot AND session_id IS NOT NULL
) AS d
ANTI JOIN hourly_readers AS r
    ON r.hour = d.hour AND r.article_id = d.article_id AND r.session_id = d.session_id
