-- Every section/subsection pair that has articles or counted traffic, with its all-time views:
-- the sidebar's section choices. Events of articles without metadata form "(unknown article)";
-- articles with an empty section form "(no section)".
WITH art AS (
    SELECT article_id, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
),
views AS (
    SELECT article_id, sum(events) AS views FROM hourly WHERE event_type = 'view' GROUP BY 1
)
SELECT coalesce(a.section, '(unknown article)') AS section, a.subsection,
    coalesce(sum(v.views), 0)::BIGINT AS views
FROM views AS v
FULL JOIN art AS a USING (article_id)
GROUP BY ALL
ORDER BY section, subsection NULLS FIRST
