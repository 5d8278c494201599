-- Adds the distinct (hour, article, session key) triples of the counted views of the load batch
-- (files $first_file_id..$last_file_id) to the readers rollup. Like merge_hourly.sql, a plain
-- query over the events table, with each quarter hour of absolute time mapped to its site-time
-- hour once (`hours`) rather than every view's time cut in the time zone. Older triples are not
-- looked at (that would cost a scan of the whole history every night): a triple delivered in
-- two batches is stored twice, and every reader count is a count(DISTINCT session_key), which
-- the repeat cannot change.
INSERT INTO hourly_readers
WITH hours AS (
    SELECT quarter, date_trunc('hour', to_timestamp(quarter * 900)) AS hour
    FROM (
        SELECT DISTINCT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter
        FROM events
        WHERE file_id BETWEEN $first_file_id AND $last_file_id
    )
)
SELECT DISTINCT h.hour, e.article_id, s.session_key
FROM events AS e
JOIN hours AS h ON h.quarter = floor(epoch_ms(e.event_time) / 900000)::BIGINT
JOIN sessions AS s ON s.session_id = e.session_id
WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND e.event_type = 'view'
    AND NOT e.is_bot
