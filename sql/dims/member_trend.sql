-- Views per site-time day over [$window_start, $window_end) of the articles of one reporter
-- ($dimension 'author', $key a person_key) or one tag ('tag', a tag_key), of edition $edition
-- (NULL: all). Reads the temp tables of sql/dimensions.py.
WITH chosen AS (
    SELECT article_id FROM article_people
    WHERE $dimension = 'author' AND person_key = $key
    UNION
    SELECT article_id FROM article_tags
    WHERE $dimension = 'tag' AND tag_key = $key
)
SELECT date_trunc('day', h.hour) AS day, sum(h.events)::BIGINT AS views
FROM hourly AS h
JOIN article_edition AS e USING (article_id)
WHERE h.hour >= $window_start AND h.hour < $window_end AND h.event_type = 'view'
    AND h.article_id IN (SELECT article_id FROM chosen)
    AND ($edition IS NULL OR e.edition = $edition)
GROUP BY ALL
ORDER BY day
