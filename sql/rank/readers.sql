-- Distinct readers of each article in $article_ids over [$window_start, $window_end): distinct
-- non-null session_id among counted (non-bot) views. Readers do not add up across hours, so
-- they come from the readers rollup (distinct hour × article × session triples), which
-- outlives the raw events; windows are whole hours, so the count is exact.
SELECT article_id, count(DISTINCT session_id) AS readers
FROM hourly_readers
WHERE hour >= $window_start AND hour < $window_end
    AND article_id IN (SELECT unnest($article_ids::VARCHAR[]))
GROUP BY article_id
