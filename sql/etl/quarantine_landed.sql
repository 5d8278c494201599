-- Copies the batch's rejected lines to the quarantine with file, line, reason, field, a detail
-- for people and the raw text (land_events.sql judged them). A line number the reader did not
-- give (JSON Lines) is the line's place among its file's landed rows, which kept the line order
-- with the blank lines (this runs in the landing transaction, before anything is deleted).
INSERT INTO rejected (file_id, line, reason, field, detail, raw)
SELECT e.file_id, coalesce(e.line, e.rowid - f.first_row + 1), e.reason, e.field,
    CASE e.reason
        WHEN 'malformed' THEN 'not a JSON object / CSV row'
        WHEN 'missing_field' THEN e.field || ' is missing or empty'
        WHEN 'bad_event_type' THEN 'event_type ' || e.event_type || ' is not view, like, share or comment'
        WHEN 'bad_time' THEN 'event_time is not ISO-8601 with a UTC offset nor epoch milliseconds'
        WHEN 'bad_channel' THEN 'share channel ' || coalesce(e.channel, '(none)') || ' is not a known channel'
        WHEN 'future_time' THEN 'event_time is more than a day after the load'
    END,
    e.raw
FROM events AS e
JOIN (
    SELECT file_id, min(rowid) AS first_row
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id
    GROUP BY file_id
) AS f USING (file_id)
WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND e.reason <> 'blank'
ORDER BY 1, 2
