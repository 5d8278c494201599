-- Adds the counted events of the load batch (files $first_file_id..$last_file_id) of the last
-- two days (live_minutes_from, sql/meta/macros.sql) to the minute rollup that the Live page
-- reads. A minute is the same instant span in every time zone, so it is cut in absolute time
-- (integer arithmetic on epoch milliseconds). Additive: the rows of a minute loaded in two
-- batches are both kept, readers sum them; every run trims what is older than two days.
INSERT INTO minutely
SELECT to_timestamp(minute * 60) AS minute, article_id, event_type, channel, count(*) AS events
FROM (
    SELECT floor(epoch_ms(event_time) / 60000)::BIGINT AS minute, article_id, event_type, channel
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND NOT is_bot
        AND event_time >= live_minutes_from($now)
)
GROUP BY ALL
