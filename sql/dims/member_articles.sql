-- The articles of one reporter ($dimension 'author', $key a person_key) or one tag ('tag', a
-- tag_key) with counted events in [$window_start, $window_end), of edition $edition (NULL:
-- all), most viewed first: title, section, subsection, published_at, edition, the counts,
-- and the article's reporters (as shown) and tags (as first written), for the co-authors,
-- sections and tags of a reporter's own view. Reads the temp tables of sql/dimensions.py.
WITH chosen AS (
    SELECT article_id FROM article_people
    WHERE $dimension = 'author' AND person_key = $key
    UNION
    SELECT article_id FROM article_tags
    WHERE $dimension = 'tag' AND tag_key = $key
),
counts AS (
    SELECT article_id,
        coalesce(sum(events) FILTER (WHERE event_type = 'view'), 0)::BIGINT AS views,
        coalesce(sum(events) FILTER (WHERE event_type = 'like'), 0)::BIGINT AS likes,
        coalesce(sum(events) FILTER (WHERE event_type = 'comment'), 0)::BIGINT AS comments,
        coalesce(sum(events) FILTER (WHERE event_type = 'share'), 0)::BIGINT AS shares
    FROM hourly
    WHERE hour >= $window_start AND hour < $window_end
        AND article_id IN (SELECT article_id FROM chosen)
    GROUP BY article_id
)
SELECT c.article_id, a.title, a.section, a.subsection, a.published_at, e.edition,
    c.views, c.likes, c.comments, c.shares,
    (SELECT list(p.person ORDER BY p.position) FROM article_people AS p
        WHERE p.article_id = c.article_id AND NOT p.generic) AS reporters,
    (SELECT list(n.tag ORDER BY t.position) FROM article_tags AS t
        JOIN tag_names AS n USING (tag_key) WHERE t.article_id = c.article_id) AS tags
FROM counts AS c
JOIN articles AS a USING (article_id)
JOIN article_edition AS e USING (article_id)
WHERE $edition IS NULL OR e.edition = $edition
ORDER BY c.views DESC, a.published_at DESC NULLS LAST, c.article_id
