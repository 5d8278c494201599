-- Engaged time per page view of the touched sessions (ga4_touched), from every row of theirs in
-- ga4_hits, attributed as GA4 does (dbt-ga4's rule, docs/import.md "Engaged time"):
-- - the session's rows in event order: time, then GA4's batch position, a page_view before the
--   other rows of the same instant;
-- - engagement_time_msec (and scroll) on any row but a page_view belongs to the page it was
--   sent from: the latest page_view of the session at or before it with the same page_location;
-- - engagement_time_msec on a page_view belongs to the PREVIOUS page_view of the session.
-- One row per owner: page_view_id (NULL: no page view to give it to), its article (NULL: not an
-- article page), the view's time (µs), the summed engaged ms and the deepest scroll.
-- Only rows within two days of the file's ($from_ts, $to_ts, µs) are read: the rows of a file
-- lie together in ga4_hits, so the others are skipped by their zone maps, not scanned.
WITH hits AS (
    SELECT DISTINCT ON (session, row_key) *
    FROM ga4_hits
    WHERE ts BETWEEN $from_ts - 172800000000 AND $to_ts + 172800000000
        AND session IN (SELECT session FROM ga4_touched)
),
ordered AS (
    SELECT *,
        row_number() OVER (PARTITION BY session
            ORDER BY ts, batch_page NULLS FIRST, batch_order NULLS FIRST,
                batch_index NULLS FIRST, page_view_id IS NULL, row_key) AS n
    FROM hits
),
owned AS (
    SELECT session, engaged_ms, scroll_pct,
        CASE WHEN page_view_id IS NOT NULL THEN
            last_value(page_view_id IGNORE NULLS) OVER (
                PARTITION BY session ORDER BY n
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ELSE
            last_value(page_view_id IGNORE NULLS) OVER (
                PARTITION BY session, location ORDER BY n
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        END AS page_view_id
    FROM ordered
),
engaged AS (
    SELECT session, page_view_id, sum(engaged_ms) AS engaged_ms, max(scroll_pct) AS scroll_pct
    FROM owned
    WHERE engaged_ms > 0 OR scroll_pct > 0
    GROUP BY session, page_view_id
)
SELECT e.page_view_id, v.article_id, v.ts AS view_ts, e.engaged_ms::BIGINT AS engaged_ms,
    e.scroll_pct
FROM engaged AS e
LEFT JOIN hits AS v ON v.session = e.session AND v.page_view_id = e.page_view_id
ORDER BY v.ts NULLS LAST, e.page_view_id
