-- Upgrade to schema 6: the accepted events of the settled files (an older warehouse kept them
-- in `events`, now landed_events), for the lake's events table.
SELECT event_id, event_time, event_type, article_id, session_id, channel, referrer, user_agent,
    is_bot, file_id, line,
    -- loaded before sources were classified and before attention (issue 22) existed
    NULL::VARCHAR AS url, NULL::UBIGINT AS source_key, NULL::VARCHAR AS page_view_id,
    NULL::BIGINT AS engaged_ms, NULL::DOUBLE AS scroll_pct, NULL::BOOLEAN AS read_to_end,
    NULL::VARCHAR AS widget, NULL::INTEGER AS position, NULL::VARCHAR AS target_article_id
FROM landed_events
WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')
ORDER BY file_id, line
