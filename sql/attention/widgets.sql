-- The boxes over [$window_start, $window_end), per box and position: viewable impressions,
-- clicks, the views the clicks sent and those views' engaged ms (widget_hourly summed).
SELECT widget, position, sum(viewable) AS viewable, sum(clicks) AS clicks,
    sum(sent_views) AS sent_views, sum(sent_engaged_ms) AS sent_engaged_ms
FROM widget_hourly
WHERE hour >= $window_start AND hour < $window_end
GROUP BY widget, position
ORDER BY widget, position
