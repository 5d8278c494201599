-- Quarantined records by reason code among the files loaded in [$start, $end), most first.
SELECT r.reason, sum(r.records)::BIGINT AS records
FROM rejected_counts AS r
JOIN files AS f USING (file_id)
WHERE f.finished_at >= $start AND f.finished_at < $end
GROUP BY 1
ORDER BY records DESC, r.reason
