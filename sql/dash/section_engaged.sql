-- Engaged ms per parent section in [$start, $end) (attention_hourly, by the views' hours), for
-- the chosen $sections (empty list: all), named as section_readers.sql names them.
WITH art AS (
    SELECT article_id, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
)
SELECT coalesce(a.section, '(unknown article)') AS section, sum(t.engaged_ms) AS engaged_ms
FROM attention_hourly AS t
LEFT JOIN art AS a USING (article_id)
WHERE t.hour >= $start AND t.hour < $end AND in_sections($sections::VARCHAR[], a.section, a.subsection)
GROUP BY 1
