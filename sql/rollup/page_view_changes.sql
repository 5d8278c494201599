-- The page views the load batch (batch_events) touches, each with what it counted before the
-- batch and what it counts after: kept as the temp table page_view_changes (order.toml "temp"):
-- the rollups of attention and boxes add the differences (after - before), and page_views.sql
-- then stores the new state. Per page view the largest engaged_ms and scroll_pct received win
-- and read_to_end stays true once seen, so a repeated, late or out-of-order engage event never
-- counts twice. A page view counts only once its view arrived (its hour is the view's); before
-- that its engage events are kept in the state and count nowhere. A new view is "sent" by a box
-- when a box click of the same session named its article in the two minutes before it (or ten
-- seconds after: the click's beacon and the new page's view race), a click of this batch or of
-- an earlier one (box_clicks keeps the dedupe window's clicks). Bots count nowhere.
-- engaged_ms is capped at 30 minutes (1,800,000 ms) when counted.
WITH batch AS (
    SELECT page_view_id, event_type, event_time, article_id, session_id, engaged_ms, scroll_pct,
        read_to_end
    FROM batch_events
    WHERE NOT is_bot AND page_view_id IS NOT NULL AND event_type IN ('view', 'engage')
),
batch_views AS (
    SELECT page_view_id, min(event_time) AS view_time, arg_min(article_id, event_time) AS article_id,
        arg_min(session_id, event_time) AS session_id
    FROM batch
    WHERE event_type = 'view'
    GROUP BY page_view_id
),
batch_engage AS (
    SELECT page_view_id, max(engaged_ms) AS engaged_ms, max(scroll_pct) AS scroll_pct,
        bool_or(read_to_end) AS read_to_end
    FROM batch
    WHERE event_type = 'engage'
    GROUP BY page_view_id
),
clicks AS (
    SELECT event_time, session_id, target_article_id, widget, position
    FROM batch_events
    WHERE event_type = 'widget_click' AND NOT is_bot
    UNION ALL
    SELECT event_time, session_id, target_article_id, widget, position
    FROM box_clicks
),
touched AS (
    SELECT page_view_id, v.view_time, v.article_id, v.session_id, g.engaged_ms, g.scroll_pct,
        g.read_to_end
    FROM batch_views AS v
    FULL JOIN batch_engage AS g USING (page_view_id)
),
sent AS (
    SELECT t.page_view_id, arg_max(c.widget, c.event_time) AS widget,
        arg_max(c.position, c.event_time) AS position
    FROM touched AS t
    JOIN clicks AS c ON c.session_id = t.session_id AND c.target_article_id = t.article_id
        AND c.event_time BETWEEN t.view_time - INTERVAL 2 MINUTE AND t.view_time + INTERVAL 10 SECOND
    WHERE t.view_time IS NOT NULL
    GROUP BY t.page_view_id
),
merged AS (
    SELECT t.page_view_id,
        o.hour AS old_hour, o.engaged_ms AS old_ms, o.scroll_pct AS old_scroll,
        o.read_to_end AS old_end, o.widget AS old_widget, o.position AS old_position,
        coalesce(o.hour, site_hour(t.view_time)) AS hour,
        coalesce(o.article_id, t.article_id) AS article_id,
        greatest(o.engaged_ms, t.engaged_ms, 0) AS engaged_ms,
        greatest(o.scroll_pct, t.scroll_pct, 0) AS scroll_pct,
        coalesce(o.read_to_end, false) OR coalesce(t.read_to_end, false) AS read_to_end,
        CASE WHEN o.hour IS NULL THEN s.widget ELSE o.widget END AS widget,
        CASE WHEN o.hour IS NULL THEN s.position ELSE o.position END AS position
    FROM touched AS t
    LEFT JOIN page_views AS o USING (page_view_id)
    LEFT JOIN sent AS s USING (page_view_id)
)
SELECT page_view_id, hour, article_id, engaged_ms, scroll_pct, read_to_end, widget, position,
    -- what it counted before the batch (nothing before its view arrived) and after
    CASE WHEN old_hour IS NULL THEN 0 ELSE least(old_ms, 1800000) END AS before_ms,
    CASE WHEN old_hour IS NULL THEN 0 ELSE old_scroll END AS before_scroll,
    old_hour IS NOT NULL AND old_end AS before_end,
    CASE WHEN hour IS NULL THEN 0 ELSE least(engaged_ms, 1800000) END AS after_ms,
    CASE WHEN hour IS NULL THEN 0 ELSE scroll_pct END AS after_scroll,
    hour IS NOT NULL AND read_to_end AS after_end,
    CASE WHEN old_hour IS NULL THEN NULL ELSE old_widget END AS before_widget
FROM merged
