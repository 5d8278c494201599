-- Counted shares per time bucket ($grain, site time), parent section and channel in
-- [$start, $end) for the chosen $sections (empty list: all).
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
)
SELECT date_trunc($grain, h.hour) AS bucket, coalesce(a.section, '(unknown article)') AS section,
    h.channel, sum(h.events)::BIGINT AS shares
FROM hourly AS h
LEFT JOIN art AS a USING (article_id)
WHERE h.event_type = 'share' AND h.hour >= $start AND h.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
GROUP BY ALL
ORDER BY bucket, section, h.channel
