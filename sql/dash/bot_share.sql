-- Accepted events and bot events per site-time day in [$start, $end): the bot share by day.
SELECT date_trunc('day', event_time) AS day, count(*)::BIGINT AS events,
    count(*) FILTER (WHERE is_bot)::BIGINT AS bots
FROM events
WHERE event_time >= $start AND event_time < $end
GROUP BY 1
ORDER BY 1
