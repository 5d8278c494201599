-- Adds the counted events of the load batch (files $first_file_id..$last_file_id) to the hourly
-- rollup. The USING query is the whole events -> rollup transform (plain SQL over the events
-- table, hour cut in the session's time zone); the rollup is additive, so a late event only adds
-- to its own old hour. Events are first counted per quarter hour of absolute time (integer
-- arithmetic), then the quarters go to their site-time hour: every time zone's offset is a whole
-- number of quarter hours, and cutting hours in a time zone costs far more per row than a sum.
MERGE INTO hourly AS h
USING (
    SELECT date_trunc('hour', to_timestamp(quarter * 900)) AS hour, article_id, event_type,
        channel, sum(events)::BIGINT AS events
    FROM (
        SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, article_id, event_type, channel,
            count(*) AS events
        FROM events
        WHERE file_id BETWEEN $first_file_id AND $last_file_id AND NOT is_bot
            AND event_type IN ('view', 'like', 'share', 'comment')  -- attention: its own rollups
        GROUP BY ALL
    )
    GROUP BY ALL
) AS d
ON h.hour = d.hour AND h.article_id = d.article_id AND h.event_type = d.event_type
    AND h.channel IS NOT DISTINCT FROM d.channel
WHEN MATCHED THEN UPDATE SET events = h.events + d.events
WHEN NOT MATCHED THEN INSERT VALUES (d.hour, d.article_id, d.event_type, d.channel, d.events)
