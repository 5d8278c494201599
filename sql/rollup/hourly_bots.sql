-- The batch's accepted events and bot events (batch_events) per site-time hour: delta rows
-- appended to the bot rollup (additive: readers sum its rows). Counted per quarter hour first,
-- then per site-time hour (see hourly.sql). Traffic events only: the attention and box events
-- (issue 22) come from readers' browsers several times a view and would dilute the bot share.
SELECT site_hour(to_timestamp(quarter * 900)) AS hour, sum(events) AS events,
    sum(bots) AS bots
FROM (
    SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, count(*) AS events,
        count(*) FILTER (WHERE is_bot) AS bots
    FROM batch_events
    WHERE event_type IN ('view', 'like', 'share', 'comment')
    GROUP BY 1
)
GROUP BY 1
