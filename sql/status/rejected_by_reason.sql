-- Quarantined records by reason code, all time.
SELECT reason, count(*) AS n FROM rejected GROUP BY reason ORDER BY reason
