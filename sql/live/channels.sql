-- Counted shares per channel in [$start, $end) from the minute rollup (channels without a
-- share in the span are absent).
SELECT channel, sum(events)::BIGINT AS shares
FROM minutely
WHERE event_type = 'share' AND minute >= $start AND minute < $end
GROUP BY channel
ORDER BY channel
