-- One article's counted events per time bucket ($grain, site time) and type, all time.
SELECT date_trunc($grain, hour) AS bucket, event_type, sum(events)::BIGINT AS events
FROM hourly
WHERE article_id = $article_id
GROUP BY ALL
ORDER BY bucket, event_type
