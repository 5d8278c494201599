-- Counted views, likes, comments and shares in [$start, $end) from the minute rollup. One row.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
SELECT
    coalesce(sum(v.events) FILTER (WHERE v.event_type = 'view'), 0)::BIGINT AS views,
    coalesce(sum(v.events) FILTER (WHERE v.event_type = 'like'), 0)::BIGINT AS likes,
    coalesce(sum(v.events) FILTER (WHERE v.event_type = 'comment'), 0)::BIGINT AS comments,
    coalesce(sum(v.events) FILTER (WHERE v.event_type = 'share'), 0)::BIGINT AS shares
FROM minutely AS v
LEFT JOIN article_edition AS e USING (article_id)
WHERE v.minute >= $start AND v.minute < $end AND in_edition($edition::VARCHAR, e.edition)
