-- Counted shares per channel in [$start, $end) from the minute rollup (channels without a
-- share in the span are absent). Only the articles of edition $edition (NULL: every edition),
-- from the temp table article_edition (sql/dimensions.py prepares it).
SELECT v.channel, sum(v.events)::BIGINT AS shares
FROM minutely AS v
LEFT JOIN article_edition AS e USING (article_id)
WHERE v.event_type = 'share' AND v.minute >= $start AND v.minute < $end
    AND in_edition($edition::VARCHAR, e.edition)
GROUP BY v.channel
ORDER BY v.channel
