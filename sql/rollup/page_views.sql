-- The new state of each page view the load batch touched (page_view_changes.sql): delta rows
-- merged into page_views by apply/page_views.sql, after the attention and box rollups have
-- added the differences.
SELECT page_view_id, hour, article_id, engaged_ms, scroll_pct, read_to_end, widget, position
FROM page_view_changes
