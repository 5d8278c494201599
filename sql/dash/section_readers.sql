-- Readers per parent section in [$start, $end): distinct non-null session ids among counted
-- views, for the chosen $sections (empty list: all). A reader of two sections counts in both.
-- From the readers rollup (distinct hour × article × session of counted views).
WITH art AS (
    SELECT article_id, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
)
SELECT coalesce(a.section, '(unknown article)') AS section,
    count(DISTINCT e.session_id)::BIGINT AS readers
FROM hourly_readers AS e
LEFT JOIN art AS a USING (article_id)
WHERE e.hour >= $start AND e.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
GROUP BY 1
