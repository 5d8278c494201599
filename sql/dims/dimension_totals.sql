-- Per reporter (or per tag) over [$window_start, $window_end): articles with counted events in
-- the window, views, readers, likes, comments, shares. $dimension is 'author' (each co-author
-- gets full credit for a shared article; generic bylines left out), 'tag' or 'edition'. Only articles of
-- edition $edition (NULL: all). Reads the temp tables people.sql, tag_names.sql and
-- article_edition.sql made; readers are distinct sessions over all of the dimension's articles
-- (not additive), from readers_by_article.
WITH members AS (
    SELECT person_key AS member, person AS shown, article_id
    FROM article_people
    WHERE $dimension = 'author' AND NOT generic
    UNION ALL
    SELECT t.tag_key, n.tag, t.article_id
    FROM article_tags AS t
    JOIN tag_names AS n USING (tag_key)
    WHERE $dimension = 'tag'
    UNION ALL
    SELECT edition, edition, article_id
    FROM article_edition
    WHERE $dimension = 'edition'
),
chosen AS (
    SELECT m.*
    FROM members AS m
    JOIN article_edition AS e USING (article_id)
    WHERE $edition IS NULL OR e.edition = $edition
),
counts AS (
    SELECT article_id,
        coalesce(sum(events) FILTER (WHERE event_type = 'view'), 0) AS views,
        coalesce(sum(events) FILTER (WHERE event_type = 'like'), 0) AS likes,
        coalesce(sum(events) FILTER (WHERE event_type = 'comment'), 0) AS comments,
        coalesce(sum(events) FILTER (WHERE event_type = 'share'), 0) AS shares
    FROM hourly
    WHERE hour >= $window_start AND hour < $window_end
    GROUP BY article_id
),
readers AS (
    SELECT c.member, count(DISTINCT r.session_key) AS readers
    FROM chosen AS c
    JOIN article_keys AS k USING (article_id)
    JOIN readers_by_article AS r ON r.article_key = k.article_key
    WHERE r.hour >= $window_start AND r.hour < $window_end
    GROUP BY c.member
)
SELECT c.member AS key, any_value(c.shown) AS name, count(*) AS articles,
    sum(n.views)::BIGINT AS views, coalesce(any_value(r.readers), 0)::BIGINT AS readers,
    sum(n.likes)::BIGINT AS likes, sum(n.comments)::BIGINT AS comments,
    sum(n.shares)::BIGINT AS shares
FROM chosen AS c
JOIN counts AS n USING (article_id)
LEFT JOIN readers AS r USING (member)
GROUP BY c.member
ORDER BY views DESC, name, key
