-- Articles rising now: views in [$recent_start, $as_of) against their usual pace at the same
-- hours of the day on the $baseline_days days before ($baseline_start .. $recent_start).
-- "Usual" is the article's own average over those days when it was published before
-- $baseline_start (or has no publication time but had views then); otherwise, for a new
-- article, the average article of its section at those hours. lift = recent views / usual
-- views (usual floored at 1, so a first view is not an infinite lift). Rows with at least
-- $min_views recent views and a lift of at least $min_lift, highest lift first, at most $limit,
-- for the chosen $sections (empty list: all).
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, title, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection, published_at
    FROM articles
    LEFT JOIN article_edition USING (article_id)
),
per_article AS (
    SELECT h.article_id,
        coalesce(sum(h.events) FILTER (WHERE h.hour >= $recent_start), 0) AS recent_views,
        -- Same clock hours as the recent window, on the days before it.
        coalesce(sum(h.events) FILTER (
            WHERE h.hour < $recent_start
                AND ((epoch(h.hour) - epoch($recent_start::TIMESTAMPTZ)) % 86400 + 86400) % 86400
                    < epoch($as_of::TIMESTAMPTZ) - epoch($recent_start::TIMESTAMPTZ)
        ), 0) AS base_views
    FROM hourly AS h
    WHERE h.event_type = 'view' AND h.hour >= $baseline_start AND h.hour < $as_of
    GROUP BY 1
),
labelled AS (
    SELECT p.article_id, a.title, coalesce(a.section, '(unknown article)') AS section,
        a.subsection, a.published_at, p.recent_views, p.base_views,
        coalesce(a.published_at < $baseline_start, p.base_views > 0) AS has_history
    FROM per_article AS p
    LEFT JOIN art AS a USING (article_id)
    WHERE in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
),
section_pace AS (
    SELECT section, avg(base_views) FILTER (WHERE base_views > 0) / $baseline_days AS usual
    FROM labelled
    GROUP BY 1
),
scored AS (
    SELECT l.*,
        CASE WHEN l.has_history THEN 'own' ELSE 'section' END AS compared_with,
        CASE WHEN l.has_history THEN l.base_views / $baseline_days
            ELSE coalesce(s.usual, 0) END AS usual_views
    FROM labelled AS l
    LEFT JOIN section_pace AS s USING (section)
)
SELECT coalesce(title, '(unknown article)') AS title,
    section || coalesce(' › ' || subsection, '') AS section, recent_views::BIGINT AS recent_views, round(usual_views, 1) AS usual_views,
    round(recent_views / greatest(usual_views, 1), 1) AS lift, compared_with, published_at,
    article_id
FROM scored
WHERE recent_views >= $min_views AND recent_views / greatest(usual_views, 1) >= $min_lift
ORDER BY lift DESC, recent_views DESC, article_id
LIMIT $limit
