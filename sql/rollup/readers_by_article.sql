-- Adds the distinct (hour, article key, session key) triples of the counted views of the load
-- batch (files $first_file_id..$last_file_id) to readers_by_article, sorted by site-time day,
-- article and hour so that an article's rows of a day lie together; run after sessions.sql
-- and article_keys.sql. Like hourly.sql, a plain query over the events table (each
-- quarter hour of absolute time mapped to its site-time hour and day once, not every view's
-- time cut in the time zone) that never looks at older triples: a triple delivered in two
-- batches is stored twice, and every count over the table is a distinct count.
INSERT INTO readers_by_article
WITH hours AS (
    SELECT quarter, date_trunc('hour', to_timestamp(quarter * 900)) AS hour,
        date_trunc('day', to_timestamp(quarter * 900)) AS day
    FROM (
        SELECT DISTINCT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter
        FROM events
        WHERE file_id BETWEEN $first_file_id AND $last_file_id
    )
)
SELECT hour, article_key, session_key
FROM (
    SELECT DISTINCT h.day, h.hour, k.article_key, s.session_key
    FROM events AS e
    JOIN hours AS h ON h.quarter = floor(epoch_ms(e.event_time) / 900000)::BIGINT
    JOIN sessions AS s ON s.session_id = e.session_id
    JOIN article_keys AS k ON k.article_id = e.article_id
    WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND e.event_type = 'view'
        AND NOT e.is_bot
)
ORDER BY day, article_key, hour
