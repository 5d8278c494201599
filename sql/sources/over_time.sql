-- Counted views per time bucket ($grain, site time) and traffic source group in [$start, $end)
-- for the chosen $sections (empty list: all).
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
SELECT date_trunc($grain, s.hour) AS bucket, s.source_group, sum(s.views)::BIGINT AS views
FROM hourly_sources AS s
LEFT JOIN articles AS a USING (article_id)
LEFT JOIN article_edition AS e USING (article_id)
WHERE s.hour >= $start AND s.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, e.edition)
GROUP BY ALL
ORDER BY bucket, s.source_group
