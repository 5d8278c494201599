-- Counts the rejected lines of files $first_file_id..$last_file_id per file and reason.
INSERT INTO rejected_counts
SELECT file_id, reason, count(*)
FROM rejected
WHERE file_id BETWEEN $first_file_id AND $last_file_id
GROUP BY ALL
ORDER BY ALL
