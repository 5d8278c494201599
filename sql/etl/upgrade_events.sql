-- Upgrade to schema 6: the accepted events of the settled files (an older warehouse kept them
-- in `events`, now landed_events), for the lake's events table.
SELECT event_id, event_time, event_type, article_id, session_id, channel, referrer, user_agent,
    is_bot, file_id, line,
    NULL::VARCHAR AS url, NULL::UBIGINT AS source_key  -- loaded before sources were classified
FROM landed_events
WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')
ORDER BY file_id, line
