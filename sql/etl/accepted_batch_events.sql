-- The batch's accepted events in the lake's columns (etl/lake_schema.py), in load order.
SELECT event_id, event_time, event_type, article_id, session_id, channel, referrer, user_agent,
    is_bot, file_id, line, url, source_key, page_view_id, engaged_ms, scroll_pct, read_to_end,
    widget, position, target_article_id
FROM batch_events
ORDER BY file_id, line
