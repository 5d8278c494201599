-- Each parent section's counted views in [$start, $end) and its most viewed article in that
-- window (ties: the smaller article_id). Articles without metadata have no section yet and are
-- left out; an empty section is "(no section)". The section with the most views first.
WITH art AS (
    SELECT article_id, coalesce(nullif(title, ''), article_id) AS title,
        coalesce(nullif(section, ''), '(no section)') AS section
    FROM articles
),
views AS (
    SELECT a.section, h.article_id, a.title, sum(h.events)::BIGINT AS views
    FROM hourly AS h
    JOIN art AS a USING (article_id)
    WHERE h.event_type = 'view' AND h.hour >= $start AND h.hour < $end
    GROUP BY ALL
)
SELECT section, (sum(views) OVER (PARTITION BY section))::BIGINT AS section_views,
    article_id, title, views
FROM views
QUALIFY row_number() OVER (PARTITION BY section ORDER BY views DESC, article_id) = 1
ORDER BY section_views DESC, section
