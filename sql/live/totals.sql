-- Counted views, likes, comments and shares in [$start, $end) from the minute rollup. One row.
SELECT
    coalesce(sum(events) FILTER (WHERE event_type = 'view'), 0)::BIGINT AS views,
    coalesce(sum(events) FILTER (WHERE event_type = 'like'), 0)::BIGINT AS likes,
    coalesce(sum(events) FILTER (WHERE event_type = 'comment'), 0)::BIGINT AS comments,
    coalesce(sum(events) FILTER (WHERE event_type = 'share'), 0)::BIGINT AS shares
FROM minutely
WHERE minute >= $start AND minute < $end
