-- Accepted events and bot events per site-time day in [$start, $end): the bot share by day.
-- From the bot rollup (accepted and bot events per hour, additive; the period is whole hours).
SELECT date_trunc('day', hour) AS day, sum(events)::BIGINT AS events, sum(bots)::BIGINT AS bots
FROM hourly_bots
WHERE hour >= $start AND hour < $end
GROUP BY 1
ORDER BY 1
