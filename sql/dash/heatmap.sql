-- Views by ISO weekday (1 = Monday) and hour of day, both in site time, in [$start, $end) for
-- the chosen $sections (empty list: all).
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
)
SELECT isodow(h.hour) AS weekday, hour(h.hour) AS hour_of_day, sum(h.events)::BIGINT AS views
FROM hourly AS h
LEFT JOIN art AS a USING (article_id)
WHERE h.event_type = 'view' AND h.hour >= $start AND h.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
GROUP BY ALL
ORDER BY weekday, hour_of_day
