-- Counted views per time bucket ($grain, site time) and traffic source group in [$start, $end)
-- for the chosen $sections (empty list: all).
SELECT date_trunc($grain, s.hour) AS bucket, s.source_group, sum(s.views)::BIGINT AS views
FROM hourly_sources AS s
LEFT JOIN articles AS a USING (article_id)
WHERE s.hour >= $start AND s.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
GROUP BY ALL
ORDER BY bucket, s.source_group
