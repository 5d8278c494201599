-- Adds the accepted events and bot events of the load batch (files
-- $first_file_id..$last_file_id) per site-time hour to the bot rollup (additive: sum its rows).
-- Counted per quarter hour first, then per site-time hour (see hourly.sql).
INSERT INTO hourly_bots
SELECT date_trunc('hour', to_timestamp(quarter * 900)), sum(events), sum(bots)
FROM (
    SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, count(*) AS events,
        count(*) FILTER (WHERE is_bot) AS bots
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id
    GROUP BY 1
)
GROUP BY 1
