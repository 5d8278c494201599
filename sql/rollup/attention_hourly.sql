-- What the load batch changed (page_view_changes.sql: after - before, per page view), per
-- site-time hour of the view and article: delta rows for the attention rollup (appended:
-- additive change rows, readers sum them).
SELECT hour, article_id,
    sum((after_ms > 0)::INTEGER - (before_ms > 0)::INTEGER) AS engaged_views,
    sum(after_ms - before_ms) AS engaged_ms,
    sum(after_end::INTEGER - before_end::INTEGER) AS read_to_end,
    sum((after_scroll >= 25)::INTEGER - (before_scroll >= 25)::INTEGER) AS scroll_25,
    sum((after_scroll >= 50)::INTEGER - (before_scroll >= 50)::INTEGER) AS scroll_50,
    sum((after_scroll >= 75)::INTEGER - (before_scroll >= 75)::INTEGER) AS scroll_75,
    sum((after_scroll >= 90)::INTEGER - (before_scroll >= 90)::INTEGER) AS scroll_90,
    sum((after_scroll >= 100)::INTEGER - (before_scroll >= 100)::INTEGER) AS scroll_100
FROM page_view_changes
WHERE hour IS NOT NULL
GROUP BY hour, article_id
HAVING sum(abs(after_ms - before_ms) + (after_end <> before_end)::INTEGER
    + abs(after_scroll - before_scroll)) > 0
