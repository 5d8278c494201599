-- Stores the new state of each page view the load batch touched (page_view_changes.sql), after
-- the attention and box rollups have added the differences.
MERGE INTO page_views AS p
USING page_view_changes AS c
ON p.page_view_id = c.page_view_id
WHEN MATCHED THEN UPDATE SET hour = c.hour, article_id = c.article_id, engaged_ms = c.engaged_ms,
    scroll_pct = c.scroll_pct, read_to_end = c.read_to_end, widget = c.widget,
    position = c.position
WHEN NOT MATCHED THEN INSERT VALUES (c.page_view_id, c.hour, c.article_id, c.engaged_ms,
    c.scroll_pct, c.read_to_end, c.widget, c.position)
