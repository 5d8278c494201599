-- One article's counted shares by channel, all time.
SELECT channel, sum(events)::BIGINT AS shares
FROM hourly
WHERE article_id = $article_id AND event_type = 'share'
GROUP BY 1
