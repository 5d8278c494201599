-- Quarantined records of file $file_id counted by reason.
SELECT reason, count(*) AS n FROM rejected WHERE file_id = $file_id GROUP BY reason ORDER BY reason
