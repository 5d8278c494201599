-- Records read and rejected by the event files loaded in [$recent_start, $end) ("recent") and
-- in [$baseline_start, $recent_start) ("baseline"), by the time each file was loaded. One row.
SELECT
    coalesce(sum(records_read) FILTER (WHERE finished_at >= $recent_start), 0)::BIGINT AS recent_read,
    coalesce(sum(rejected) FILTER (WHERE finished_at >= $recent_start), 0)::BIGINT AS recent_rejected,
    coalesce(sum(records_read) FILTER (WHERE finished_at < $recent_start), 0)::BIGINT AS baseline_read,
    coalesce(sum(rejected) FILTER (WHERE finished_at < $recent_start), 0)::BIGINT AS baseline_rejected
FROM files
WHERE kind = 'events' AND status = 'loaded'
    AND finished_at >= $baseline_start AND finished_at < $end
