-- Views per time bucket ($grain, site time) by the article's age when viewed: under 48 h,
-- 2-7 days, older, or unknown (no publication time), in [$start, $end) for $sections.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection, published_at
    FROM articles
    LEFT JOIN article_edition USING (article_id)
)
SELECT date_trunc($grain, h.hour) AS bucket,
    CASE
        WHEN a.published_at IS NULL THEN 'unknown'
        WHEN h.hour < a.published_at + INTERVAL 48 HOUR THEN 'under 48 h'
        WHEN h.hour < a.published_at + INTERVAL 7 DAY THEN '2–7 days'
        ELSE 'older'
    END AS age,
    sum(h.events)::BIGINT AS views
FROM hourly AS h
LEFT JOIN art AS a USING (article_id)
WHERE h.event_type = 'view' AND h.hour >= $start AND h.hour < $end
    AND in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
GROUP BY ALL
ORDER BY bucket, age
