-- Counted events by type in [$start, $end) for the chosen $sections (a parent section includes
-- its subsections; an empty list means every section). Read from the hourly rollup.
WITH art AS (
    SELECT article_id, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
)
SELECT h.event_type, sum(h.events)::BIGINT AS events
FROM hourly AS h
LEFT JOIN art AS a USING (article_id)
WHERE h.hour >= $start AND h.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
GROUP BY 1
