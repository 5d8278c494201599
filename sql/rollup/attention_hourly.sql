-- Adds what the load batch changed (page_view_changes.sql: after - before, per page view) to
-- the attention rollup, per site-time hour of the view and article: additive change rows.
INSERT INTO attention_hourly
SELECT hour, article_id,
    sum((after_ms > 0)::INTEGER - (before_ms > 0)::INTEGER),
    sum(after_ms - before_ms),
    sum(after_end::INTEGER - before_end::INTEGER),
    sum((after_scroll >= 25)::INTEGER - (before_scroll >= 25)::INTEGER),
    sum((after_scroll >= 50)::INTEGER - (before_scroll >= 50)::INTEGER),
    sum((after_scroll >= 75)::INTEGER - (before_scroll >= 75)::INTEGER),
    sum((after_scroll >= 90)::INTEGER - (before_scroll >= 90)::INTEGER),
    sum((after_scroll >= 100)::INTEGER - (before_scroll >= 100)::INTEGER)
FROM page_view_changes
WHERE hour IS NOT NULL
GROUP BY hour, article_id
HAVING sum(abs(after_ms - before_ms) + (after_end <> before_end)::INTEGER
    + abs(after_scroll - before_scroll)) > 0
