-- The batch's counted events (batch_events, no bots) of the last two days (live_minutes_from,
-- sql/meta/macros.sql) per minute, article, type and share channel: delta rows for the minute
-- rollup that the Live page reads (appended). A minute is the same instant span in every time
-- zone, so it is cut in absolute time (integer arithmetic on epoch milliseconds). Additive: the
-- rows of a minute loaded in two batches are both kept, readers sum them; every run trims what
-- is older than two days.
SELECT to_timestamp(minute * 60) AS minute, article_id, event_type, channel, count(*) AS events
FROM (
    SELECT floor(epoch_ms(event_time) / 60000)::BIGINT AS minute, article_id, event_type, channel
    FROM batch_events
    WHERE NOT is_bot AND event_type IN ('view', 'like', 'share', 'comment')
        AND event_time >= live_minutes_from($now)
)
GROUP BY ALL
