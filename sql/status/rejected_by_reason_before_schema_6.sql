-- (A database older than schema 6, before its first run: rejected lines still in `rejected`.)
-- Quarantined records by reason code, all time.
SELECT reason, count(*) AS n FROM rejected GROUP BY reason ORDER BY reason
