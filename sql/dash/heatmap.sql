-- Views by ISO weekday (1 = Monday) and hour of day, both in site time, in [$start, $end) for
-- the chosen $sections (empty list: all).
WITH art AS (
    SELECT article_id, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
)
SELECT isodow(h.hour) AS weekday, hour(h.hour) AS hour_of_day, sum(h.events)::BIGINT AS views
FROM hourly AS h
LEFT JOIN art AS a USING (article_id)
WHERE h.event_type = 'view' AND h.hour >= $start AND h.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
GROUP BY ALL
ORDER BY weekday, hour_of_day
