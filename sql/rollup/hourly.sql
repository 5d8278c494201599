-- The batch's counted events (batch_events, no bots) per site-time hour, article, type and
-- share channel: delta rows for `hourly` (applied by apply/hourly.sql, additive). Events are
-- first counted per quarter hour of absolute time (integer arithmetic), then the quarters go to
-- their site-time hour: every time zone's offset is a whole number of quarter hours, and
-- cutting hours in a time zone costs far more per row than a sum.
SELECT site_hour(to_timestamp(quarter * 900)) AS hour, article_id, event_type,
    channel, sum(events)::BIGINT AS events
FROM (
    SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, article_id, event_type, channel,
        count(*) AS events
    FROM batch_events
    WHERE NOT is_bot AND event_type IN ('view', 'like', 'share', 'comment')  -- attention: its own rollups
    GROUP BY ALL
)
GROUP BY ALL
