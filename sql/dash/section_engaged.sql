-- Engaged ms per parent section in [$start, $end) (attention_hourly, by the views' hours), for
-- the chosen $sections (empty list: all), named as section_readers.sql names them.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
)
SELECT coalesce(a.section, '(unknown article)') AS section, sum(t.engaged_ms) AS engaged_ms
FROM attention_hourly AS t
LEFT JOIN art AS a USING (article_id)
WHERE t.hour >= $start AND t.hour < $end AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
GROUP BY 1
