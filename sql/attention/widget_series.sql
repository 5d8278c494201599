-- The boxes per site-time day over [$window_start, $window_end): viewable impressions and clicks
-- per box and position, for the Boxes page's CTR over time.
SELECT date_trunc('day', hour) AS day, widget, position, sum(viewable) AS viewable,
    sum(clicks) AS clicks
FROM widget_hourly
WHERE hour >= $window_start AND hour < $window_end
GROUP BY ALL
ORDER BY ALL
