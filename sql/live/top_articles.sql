-- The articles read most in [$start, $end) from the minute rollup, with their likes, comments
-- and shares in the same span; at most $limit rows, most views first, then most engagement,
-- then article_id. An article without metadata is "(unknown article)". Only the articles of
-- edition $edition (NULL: every edition), from the temp table article_edition.
WITH counts AS (
    SELECT article_id,
        coalesce(sum(events) FILTER (WHERE event_type = 'view'), 0)::BIGINT AS views,
        coalesce(sum(events) FILTER (WHERE event_type = 'like'), 0)::BIGINT AS likes,
        coalesce(sum(events) FILTER (WHERE event_type = 'comment'), 0)::BIGINT AS comments,
        coalesce(sum(events) FILTER (WHERE event_type = 'share'), 0)::BIGINT AS shares
    FROM minutely
    LEFT JOIN article_edition AS e USING (article_id)
    WHERE minute >= $start AND minute < $end AND in_edition($edition::VARCHAR, e.edition)
    GROUP BY article_id
)
SELECT coalesce(a.title, '(unknown article)') AS title,
    coalesce(nullif(a.section, ''), '(unknown article)')
        || coalesce(' › ' || nullif(a.subsection, ''), '') AS section,
    c.views, c.likes, c.comments, c.shares, c.article_id
FROM counts AS c
LEFT JOIN articles AS a USING (article_id)
ORDER BY c.views DESC, c.likes + c.comments + c.shares DESC, c.article_id
LIMIT $limit
