-- Quarantined records by reason code, all time: how many, in how many files, the newest file.
SELECT r.reason, sum(r.records)::BIGINT AS records, count(DISTINCT r.file_id)::BIGINT AS files,
    arg_max(f.name, r.file_id) AS newest_file
FROM rejected_counts AS r
LEFT JOIN files AS f USING (file_id)
GROUP BY 1
ORDER BY records DESC, r.reason
