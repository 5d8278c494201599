-- Stores the new state of each page view the batch touched (rollup_delta, from page_views.sql).
MERGE INTO page_views AS p
USING rollup_delta AS c
ON p.page_view_id = c.page_view_id
WHEN MATCHED THEN UPDATE SET hour = c.hour, article_id = c.article_id, engaged_ms = c.engaged_ms,
    scroll_pct = c.scroll_pct, read_to_end = c.read_to_end, widget = c.widget,
    position = c.position
WHEN NOT MATCHED THEN INSERT VALUES (c.page_view_id, c.hour, c.article_id, c.engaged_ms,
    c.scroll_pct, c.read_to_end, c.widget, c.position)
