-- Counted views of each of $article_ids in [$start, $end): article_id, views (absent: none).
SELECT article_id, sum(events)::BIGINT AS views
FROM hourly
WHERE event_type = 'view' AND hour >= $start AND hour < $end
    AND list_contains($article_ids::VARCHAR[], article_id)
GROUP BY 1
