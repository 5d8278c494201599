-- Counted views per minute in [$start, $end) (whole minutes) from the minute rollup: every
-- minute of the span is a row, 0 when nobody read anything in it. For the Live page.
WITH minutes AS (
    SELECT unnest(generate_series($start::TIMESTAMPTZ, $end::TIMESTAMPTZ - INTERVAL 1 MINUTE,
        INTERVAL 1 MINUTE)) AS minute
)
SELECT m.minute, coalesce(sum(v.events), 0)::BIGINT AS views
FROM minutes AS m
LEFT JOIN minutely AS v ON v.minute = m.minute AND v.event_type = 'view'
GROUP BY m.minute
ORDER BY m.minute
