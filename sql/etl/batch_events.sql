-- The batch's accepted events (files $first_file_id..$last_file_id, deduped and bot-flagged) in
-- the temp table batch_events: what every rollup's delta query (sql/rollup/<table>.sql) reads,
-- and what the lake's events table receives.
CREATE OR REPLACE TEMP TABLE batch_events AS
SELECT event_id, event_time, event_type, article_id, session_id, channel, referrer, user_agent,
    is_bot, file_id, line, url, source_key, page_view_id, engaged_ms, scroll_pct, read_to_end,
    widget, position, target_article_id
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id
ORDER BY file_id, line
