-- Readers in [$start, $end): distinct non-null session ids among counted (non-bot) views of
-- the chosen $sections (empty list: all). Not additive, so it is counted from the readers
-- rollup (distinct hour × article × session of counted views; the period is whole hours).
WITH art AS (
    SELECT article_id, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
)
SELECT count(DISTINCT e.session_id)::BIGINT AS readers
FROM hourly_readers AS e
LEFT JOIN art AS a USING (article_id)
WHERE e.hour >= $start AND e.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
