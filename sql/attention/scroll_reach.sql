-- One article's views and scroll reach counts over [$window_start, $window_end), for the
-- Article page's scroll-reach curve.
SELECT coalesce((SELECT sum(events) FROM hourly WHERE event_type = 'view' AND article_id = $article_id
        AND hour >= $window_start AND hour < $window_end), 0) AS views,
    coalesce(sum(scroll_25), 0), coalesce(sum(scroll_50), 0), coalesce(sum(scroll_75), 0),
    coalesce(sum(scroll_90), 0), coalesce(sum(scroll_100), 0)
FROM attention_hourly
WHERE article_id = $article_id AND hour >= $window_start AND hour < $window_end
