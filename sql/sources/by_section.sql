-- Counted views per parent section and traffic source group in [$start, $end) for the chosen
-- $sections (empty list: all); an article without metadata is the section '(unknown article)'.
SELECT coalesce(nullif(a.section, ''), CASE WHEN a.article_id IS NULL THEN '(unknown article)'
        ELSE '(no section)' END) AS section,
    s.source_group, sum(s.views)::BIGINT AS views
FROM hourly_sources AS s
LEFT JOIN articles AS a USING (article_id)
WHERE s.hour >= $start AND s.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
GROUP BY ALL
ORDER BY section, s.source_group
