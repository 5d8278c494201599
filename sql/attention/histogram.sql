-- Engaged views per article and engaged-time bucket over [$window_start, $window_end)
-- (attention_histogram's change rows summed), for the median; only the articles asked.
SELECT article_id, bucket_s, sum(views) AS views
FROM attention_histogram
WHERE hour >= $window_start AND hour < $window_end AND article_id IN (SELECT unnest($article_ids::VARCHAR[]))
GROUP BY article_id, bucket_s
HAVING sum(views) <> 0
