-- Counted shares per channel in [$start, $end), the most shared channel first (ties: by name).
SELECT coalesce(channel, '(none)') AS channel, sum(events)::BIGINT AS shares
FROM hourly
WHERE event_type = 'share' AND hour >= $start AND hour < $end
GROUP BY 1
ORDER BY shares DESC, channel
