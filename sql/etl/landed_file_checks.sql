-- For each file of the batch as landed: records read (lines that are not blank), records
-- rejected, and whether any line holds a JSON object (a file with lines but none of them
-- JSON is not JSON Lines at all).
SELECT file_id,
    count(*) FILTER (WHERE reason IS DISTINCT FROM 'blank') AS records_read,
    count(*) FILTER (WHERE reason <> 'blank') AS rejected,
    coalesce(bool_or(reason IS NULL OR reason NOT IN ('blank', 'malformed')), false) AS any_json
FROM events
WHERE file_id BETWEEN $first_file_id AND $last_file_id
GROUP BY file_id
