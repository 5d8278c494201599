-- The batch's accepted events in the lake's columns (etl/lake_schema.py), in load order.
SELECT event_id, event_time, event_type, article_id, session_id, channel, referrer, user_agent,
    is_bot, file_id, line, url, source_key
FROM batch_events
ORDER BY file_id, line
