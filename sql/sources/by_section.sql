-- Counted views per parent section and traffic source group in [$start, $end) for the chosen
-- $sections (empty list: all); an article without metadata is the section '(unknown article)'.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
SELECT coalesce(nullif(a.section, ''), CASE WHEN a.article_id IS NULL THEN '(unknown article)'
        ELSE '(no section)' END) AS section,
    s.source_group, sum(s.views)::BIGINT AS views
FROM hourly_sources AS s
LEFT JOIN articles AS a USING (article_id)
LEFT JOIN article_edition AS e USING (article_id)
WHERE s.hour >= $start AND s.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, e.edition)
GROUP BY ALL
ORDER BY section, s.source_group
