-- For each file of the batch as landed: records read (lines that are not blank, including the
-- lines the read set aside: skipped_lines.sql), records rejected, and whether any line holds a
-- JSON object (a file with lines but none of them JSON is not JSON Lines at all).
WITH landed AS (
    SELECT file_id,
        count(*) FILTER (WHERE reason IS DISTINCT FROM 'blank') AS records_read,
        count(*) FILTER (WHERE reason <> 'blank') AS rejected,
        coalesce(bool_or(reason IS NULL OR reason NOT IN ('blank', 'malformed')), false)
            AS any_json
    FROM landed_events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id
    GROUP BY file_id
),
skipped AS (
    SELECT file_id, count(*) AS lines FROM skipped_lines GROUP BY file_id
)
SELECT file_id,
    coalesce(landed.records_read, 0) + coalesce(skipped.lines, 0) AS records_read,
    coalesce(landed.rejected, 0) + coalesce(skipped.lines, 0) AS rejected,
    coalesce(landed.any_json, false) AS any_json
FROM landed
FULL JOIN skipped USING (file_id)
