-- Counted events by type in [$start, $end) for the chosen $sections (a parent section includes
-- its subsections; an empty list means every section). Read from the hourly rollup.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
)
SELECT h.event_type, sum(h.events)::BIGINT AS events
FROM hourly AS h
LEFT JOIN art AS a USING (article_id)
WHERE h.hour >= $start AND h.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
GROUP BY 1
