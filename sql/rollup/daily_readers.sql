-- The distinct (site-time day, session key) pairs of the batch's counted views: delta rows
-- appended to daily_readers; runs after readers_by_article is applied, whose triples of the
-- batch's hours hold every reader of the batch (and maybe readers of the same hours from
-- earlier batches: a pair stored twice cannot change a distinct count). Only the batch's hours
-- are read, each mapped to its site-time day once.
WITH batch_hours AS (
    SELECT DISTINCT site_hour(to_timestamp(quarter * 900)) AS hour,
        date_trunc('day', to_timestamp(quarter * 900)) AS day
    FROM (
        SELECT DISTINCT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter
        FROM batch_events
        WHERE event_type = 'view' AND NOT is_bot
    )
)
SELECT DISTINCT b.day, r.session_key
FROM readers_by_article AS r
JOIN batch_hours AS b USING (hour)
ORDER BY 1, 2
