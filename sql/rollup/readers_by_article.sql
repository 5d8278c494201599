-- The distinct (hour, article key, session key) triples of the batch's counted views
-- (batch_events): delta rows appended to readers_by_article, sorted by site-time day, article
-- and hour so that an article's rows of a day lie together; runs after sessions and
-- article_keys are applied. Each quarter hour of absolute time is mapped to its site-time hour
-- and day once (not every view's time cut in the time zone); older triples are never looked
-- at: a triple delivered in two batches is stored twice, and every count over the table is a
-- distinct count.
WITH hours AS (
    SELECT quarter, site_hour(to_timestamp(quarter * 900)) AS hour,
        date_trunc('day', to_timestamp(quarter * 900)) AS day
    FROM (
        SELECT DISTINCT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter
        FROM batch_events
    )
)
SELECT hour, article_key, session_key
FROM (
    SELECT DISTINCT h.day, h.hour, k.article_key, s.session_key
    FROM batch_events AS e
    JOIN hours AS h ON h.quarter = floor(epoch_ms(e.event_time) / 900000)::BIGINT
    JOIN sessions AS s ON s.session_id = e.session_id
    JOIN article_keys AS k ON k.article_id = e.article_id
    WHERE e.event_type = 'view' AND NOT e.is_bot
)
ORDER BY day, article_key, hour
