-- The batch's counted box clicks (batch_events, no bots), kept so that a view loaded by a later
-- batch still finds the click that sent it (page_view_changes.sql). Appended; `dt` is the
-- click's site day. Every run forgets those [etl] dedupe_days older than the newest (sql/ops/trim_box_clicks.sql).
SELECT event_time, session_id, target_article_id, widget, position,
    event_time::DATE AS dt
FROM batch_events
WHERE event_type = 'widget_click' AND NOT is_bot
