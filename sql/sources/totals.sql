-- Counted views per traffic source (group, name, campaign) in [$start, $end) (views) and in the
-- period just before, [$previous_start, $start) (previous_views), from the sources rollup, for
-- the chosen $sections (empty list: all; a parent section includes its subsections) and
-- $source_group (NULL: every group).
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
SELECT s.source_group, s.source_name, s.campaign,
    coalesce(sum(s.views) FILTER (WHERE s.hour >= $start), 0)::BIGINT AS views,
    coalesce(sum(s.views) FILTER (WHERE s.hour < $start), 0)::BIGINT AS previous_views
FROM hourly_sources AS s
LEFT JOIN articles AS a USING (article_id)
LEFT JOIN article_edition AS e USING (article_id)
WHERE s.hour >= $previous_start AND s.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, e.edition)
    AND ($source_group::VARCHAR IS NULL OR s.source_group = $source_group::VARCHAR)
GROUP BY ALL
