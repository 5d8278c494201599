-- The load batch's counted box events (batch_events) per site-time hour, box and position: viewable impressions and clicks in the hour of
-- the event; and, from page_view_changes.sql, the views those clicks sent (a new view matched
-- to a click) with the change of their engaged ms, in the hour of the view. Delta rows for the
-- box rollup (appended: additive change rows).
SELECT hour, widget, position, sum(viewable) AS viewable, sum(clicks) AS clicks,
    sum(sent_views) AS sent_views, sum(sent_engaged_ms) AS sent_engaged_ms
FROM (
    SELECT site_hour(event_time) AS hour, widget, position,
        count(*) FILTER (WHERE event_type = 'widget_view') AS viewable,
        count(*) FILTER (WHERE event_type = 'widget_click') AS clicks,
        0 AS sent_views, 0 AS sent_engaged_ms
    FROM batch_events
    WHERE NOT is_bot AND event_type IN ('widget_view', 'widget_click')
    GROUP BY ALL
    UNION ALL
    SELECT hour, widget, position, 0, 0,
        (before_widget IS NULL)::INTEGER, after_ms - CASE WHEN before_widget IS NULL THEN 0 ELSE before_ms END
    FROM page_view_changes
    WHERE hour IS NOT NULL AND widget IS NOT NULL
)
GROUP BY ALL
HAVING sum(viewable) + sum(clicks) + sum(sent_views) + abs(sum(sent_engaged_ms)) > 0
