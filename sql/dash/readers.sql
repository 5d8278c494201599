-- Readers of every section in [$start, $end), a period of whole site-time days: distinct
-- non-null session ids among counted (non-bot) views, from the daily readers rollup (day ×
-- session key pairs, which may repeat). Readers are not additive: each day's sessions become a
-- bitstring of session keys and the period's readers are the bits set in their OR (exact, and
-- several times cheaper than a hashed count(DISTINCT)). One row: readers, and whole_days, false
-- when the period or a stored day does not start at a site-time midnight (e.g. the site's time
-- zone changed since the days were cut): then the count is not to be used, and
-- dash/readers_in_sections.sql with no section chosen counts from the hourly triples instead.
WITH per_day AS (
    SELECT day, bitstring_agg(session_key) AS sessions
    FROM daily_readers
    WHERE day >= $start AND day < $end
    GROUP BY day
)
SELECT coalesce(bit_count(bit_or(sessions)), 0)::BIGINT AS readers,
    coalesce(bool_and(day = date_trunc('day', day)), true)
        AND date_trunc('day', $start::TIMESTAMPTZ) = $start
        AND date_trunc('day', $end::TIMESTAMPTZ) = $end AS whole_days
FROM per_day
