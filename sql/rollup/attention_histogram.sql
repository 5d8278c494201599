-- The moves of the page views the load batch changed (page_view_changes.sql) between the
-- engaged-time buckets of their hour and article (delta rows, appended): -1 in the bucket of what a view counted before, +1 in the
-- bucket of what it counts now (views with 0 s are in no bucket). A bucket is named by its lower
-- bound in seconds: 0, 5, 10, 15, 30, 60, 120, 300, 600, 1800 (the cap). Additive change rows.
WITH moves AS (
    SELECT hour, article_id, before_ms AS ms, -1 AS views
    FROM page_view_changes WHERE hour IS NOT NULL AND before_ms > 0
    UNION ALL
    SELECT hour, article_id, after_ms AS ms, 1 AS views
    FROM page_view_changes WHERE hour IS NOT NULL AND after_ms > 0
)
SELECT hour, article_id,
    list_last(list_filter([0, 5, 10, 15, 30, 60, 120, 300, 600, 1800], lambda b: b * 1000 <= ms))
        AS bucket_s,
    sum(views) AS views
FROM moves
GROUP BY ALL
HAVING sum(views) <> 0
