-- Copies the batch's rejected lines to the quarantine with file, line, reason, field, a detail
-- for people and the raw text (land_events.sql judged them). A line number the reader did not
-- give (JSON Lines) is the line's place p among its file's landed rows, which kept the line order
-- with the blank lines (this runs in the landing transaction, before anything is deleted), moved
-- down by the set-aside lines before it (skipped_lines.sql: those whose gap is below p).
INSERT INTO rejected (file_id, line, reason, field, detail, raw)
WITH placed AS (
    SELECT e.*, e.rowid - f.first_row + 1 AS place
    FROM landed_events AS e
    JOIN (
        SELECT file_id, min(rowid) AS first_row
        FROM landed_events
        WHERE file_id BETWEEN $first_file_id AND $last_file_id
        GROUP BY file_id
    ) AS f USING (file_id)
    WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND e.reason <> 'blank'
)
SELECT e.file_id,
    coalesce(e.line, e.place + (
        SELECT count(*) FROM skipped_lines AS s WHERE s.file_id = e.file_id AND s.gap < e.place
    )),
    e.reason, e.field,
    CASE e.reason
        WHEN 'malformed' THEN 'not a JSON object / CSV row'
        WHEN 'missing_field' THEN e.field || ' is missing or empty'
        WHEN 'bad_field' THEN CASE
            WHEN json_type(e.raw, '$.' || e.field) IN ('OBJECT', 'ARRAY')
                THEN e.field || ' is a JSON ' || lower(json_type(e.raw, '$.' || e.field))
                    || ', not text'
            ELSE e.field || ' is ' || length(json_extract_string(e.raw, '$.' || e.field))
                || ' characters, over the limit of ' || CASE e.field
                    WHEN 'event_id' THEN getvariable('limits').event_id
                    WHEN 'article_id' THEN getvariable('limits').article_id
                    WHEN 'session_id' THEN getvariable('limits').session_id
                    WHEN 'referrer' THEN getvariable('limits').referrer
                    WHEN 'user_agent' THEN getvariable('limits').user_agent
                    WHEN 'page_view_id' THEN getvariable('limits').page_view_id
                    WHEN 'widget' THEN getvariable('limits').widget
                    WHEN 'target_article_id' THEN getvariable('limits').article_id
                END
            END
        WHEN 'bad_event_type' THEN 'event_type ' || left(e.event_type, 40)
            || ' is not view, like, share, comment, engage, widget_view or widget_click'
        WHEN 'bad_value' THEN e.field || ' ' || coalesce(left(json_extract_string(e.raw, '$.' || e.field), 40), '(none)')
            || CASE e.field
                WHEN 'engaged_ms' THEN ' is not a whole number of milliseconds from 0 to 86400000'
                WHEN 'scroll_pct' THEN ' is not a number from 0 to 100'
                WHEN 'read_to_end' THEN ' is not true or false'
                WHEN 'position' THEN ' is not a whole number from 1 to 1000'
            END
        WHEN 'bad_time' THEN 'event_time is not ISO-8601 with a UTC offset nor epoch milliseconds'
        WHEN 'bad_channel' THEN 'share channel ' || coalesce(left(e.channel, 40), '(none)') || ' is not a known channel'
        WHEN 'future_time' THEN 'event_time is more than a day after the load'
    END,
    e.raw
FROM placed AS e
ORDER BY 1, 2
