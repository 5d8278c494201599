-- The batch's counted events (batch_events, no bots) per site-time hour and article, the four
-- counted types side by side: delta rows for `hourly_articles` (applied by
-- apply/hourly_articles.sql, additive), the counts rank/scores.sql sums over a window. Cut like
-- hourly.sql (quarter hours of absolute time first), so every article and hour holds exactly
-- hourly's counts of its views, likes, comments and shares.
SELECT site_hour(to_timestamp(quarter * 900)) AS hour, article_id,
    sum(views)::BIGINT AS views, sum(likes)::BIGINT AS likes,
    sum(comments)::BIGINT AS comments, sum(shares)::BIGINT AS shares
FROM (
    SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, article_id,
        sum(CASE WHEN event_type = 'view' THEN 1 ELSE 0 END) AS views,
        sum(CASE WHEN event_type = 'like' THEN 1 ELSE 0 END) AS likes,
        sum(CASE WHEN event_type = 'comment' THEN 1 ELSE 0 END) AS comments,
        sum(CASE WHEN event_type = 'share' THEN 1 ELSE 0 END) AS shares
    FROM batch_events
    WHERE NOT is_bot AND event_type IN ('view', 'like', 'share', 'comment')
    GROUP BY ALL
)
GROUP BY ALL
