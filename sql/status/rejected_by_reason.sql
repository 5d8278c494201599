-- Quarantined records by reason code, all time.
SELECT reason, sum(records)::BIGINT AS n FROM rejected_counts GROUP BY reason ORDER BY reason
