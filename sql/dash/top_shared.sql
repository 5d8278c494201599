-- The $limit most shared articles of each channel in [$start, $end) for the chosen $sections
-- (empty list: all), with the article's views in the same window (for shares per 1,000 views).
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, title, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
),
shares AS (
    SELECT h.article_id, h.channel, sum(h.events)::BIGINT AS shares
    FROM hourly AS h
    LEFT JOIN art AS a USING (article_id)
    WHERE h.event_type = 'share' AND h.hour >= $start AND h.hour < $end
        AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
    GROUP BY 1, 2
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY channel ORDER BY shares DESC, article_id) AS rank
    FROM shares
),
views AS (
    SELECT article_id, sum(events)::BIGINT AS views
    FROM hourly
    WHERE event_type = 'view' AND hour >= $start AND hour < $end
        AND article_id IN (SELECT article_id FROM ranked WHERE rank <= $limit)
    GROUP BY 1
)
SELECT r.channel, r.rank, coalesce(a.title, '(unknown article)') AS title,
    coalesce(a.section, '(unknown article)') AS section, r.shares, coalesce(v.views, 0) AS views,
    r.article_id
FROM ranked AS r
LEFT JOIN art AS a USING (article_id)
LEFT JOIN views AS v USING (article_id)
WHERE r.rank <= $limit
ORDER BY r.channel, r.rank
