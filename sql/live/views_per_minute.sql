-- Counted views per minute in [$start, $end) (whole minutes) from the minute rollup: every
-- minute of the span is a row, 0 when nobody read anything in it. For the Live page.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH minutes AS (
    SELECT unnest(generate_series($start::TIMESTAMPTZ, $end::TIMESTAMPTZ - INTERVAL 1 MINUTE,
        INTERVAL 1 MINUTE)) AS minute
),
kept AS (
    SELECT v.minute, v.events
    FROM minutely AS v
    LEFT JOIN article_edition AS e USING (article_id)
    WHERE v.event_type = 'view' AND v.minute >= $start AND v.minute < $end
        AND in_edition($edition::VARCHAR, e.edition)
)
SELECT m.minute, coalesce(sum(k.events), 0)::BIGINT AS views
FROM minutes AS m
LEFT JOIN kept AS k USING (minute)
GROUP BY m.minute
ORDER BY m.minute
