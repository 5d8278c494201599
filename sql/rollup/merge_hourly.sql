-- Adds the counted events of file $file_id to the hourly rollup. The USING query is the whole
-- events -> rollup transform (plain SQL over the events table, hour cut in the session's time
-- zone); the rollup is additive, so a late event only adds to its own old hour.
MERGE INTO hourly AS h
USING (
    SELECT date_trunc('hour', event_time) AS hour, article_id, event_type, channel,
        count(*) AS events
    FROM events
    WHERE file_id = $file_id AND NOT is_bot
    GROUP BY ALL
) AS d
ON h.hour = d.hour AND h.article_id = d.article_id AND h.event_type = d.event_type
    AND h.channel IS NOT DISTINCT FROM d.channel
WHEN MATCHED THEN UPDATE SET events = h.events + d.events
WHEN NOT MATCHED THEN INSERT VALUES (d.hour, d.article_id, d.event_type, d.channel, d.events)
