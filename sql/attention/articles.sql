-- Attention per article over [$window_start, $window_end): views (hourly), and the sums of
-- attention_hourly (engaged views, engaged ms capped per view, read to end, scroll reach 50 %)
-- for the views of those hours. $section (or NULL): a section or subsection; a parent section
-- includes its subsections. One row per article with views in the window.
WITH viewed AS (
    SELECT article_id, sum(events) AS views
    FROM hourly
    WHERE event_type = 'view' AND hour >= $window_start AND hour < $window_end
    GROUP BY article_id
),
attention AS (
    SELECT article_id, sum(engaged_views) AS engaged_views, sum(engaged_ms) AS engaged_ms,
        sum(read_to_end) AS read_to_end, sum(scroll_50) AS scroll_50
    FROM attention_hourly
    WHERE hour >= $window_start AND hour < $window_end
    GROUP BY article_id
)
SELECT v.article_id, a.title, v.views, coalesce(t.engaged_views, 0) AS engaged_views,
    coalesce(t.engaged_ms, 0) AS engaged_ms, coalesce(t.read_to_end, 0) AS read_to_end,
    coalesce(t.scroll_50, 0) AS scroll_50
FROM viewed AS v
LEFT JOIN attention AS t USING (article_id)
LEFT JOIN articles AS a USING (article_id)
WHERE $section IS NULL OR a.section = $section OR a.subsection = $section
ORDER BY engaged_ms DESC, v.views DESC, v.article_id
