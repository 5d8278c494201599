-- The rejected lines of files $first_file_id..$last_file_id, for the lake's quarantine.
SELECT file_id, line, reason, field, detail, raw
FROM rejected
WHERE file_id BETWEEN $first_file_id AND $last_file_id
ORDER BY file_id, line
