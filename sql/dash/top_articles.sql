-- The most viewed articles in [$start, $end) for the chosen $sections (empty list: all), with
-- their likes, comments and shares in the same window; at most $limit rows, most views first.
-- section reads "Column › Cho Kijo Column" for an article in a column series.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, title, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
),
counts AS (
    SELECT h.article_id,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'view'), 0)::BIGINT AS views,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'like'), 0)::BIGINT AS likes,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'comment'), 0)::BIGINT AS comments,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'share'), 0)::BIGINT AS shares
    FROM hourly AS h
    LEFT JOIN art AS a USING (article_id)
    WHERE h.hour >= $start AND h.hour < $end
        AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
    GROUP BY 1
)
SELECT coalesce(a.title, '(unknown article)') AS title,
    coalesce(a.section, '(unknown article)') || coalesce(' › ' || a.subsection, '') AS section,
    c.views, c.likes, c.comments, c.shares, c.article_id
FROM counts AS c
LEFT JOIN art AS a USING (article_id)
ORDER BY c.views DESC, c.article_id
LIMIT $limit
