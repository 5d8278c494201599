-- The whole ranking of one definition over the window [$window_start, $window_end), computed
-- from the hourly rollup: one row per eligible article with a positive score, best first, with
-- its counts and metadata (metadata columns NULL for an article never described).
-- score = sum over the window of events x the weight of their type x the decay factor
-- 0.5 ^ (($window_end - hour) / $half_life_hours), or x 1 when $half_life_hours is NULL.
-- Scores are rounded to 6 decimals so that the order of floating-point additions can never
-- split a tie. Ties: more views, then newer published_at (no metadata = oldest), article_id.
-- $eligible: 'all' or 'published_in_window'. $section (or NULL): a section or a subsection;
-- a parent section includes its subsections.
WITH counts AS (
    SELECT article_id,
        coalesce(sum(events) FILTER (WHERE event_type = 'view'), 0) AS views,
        coalesce(sum(events) FILTER (WHERE event_type = 'like'), 0) AS likes,
        coalesce(sum(events) FILTER (WHERE event_type = 'comment'), 0) AS comments,
        coalesce(sum(events) FILTER (WHERE event_type = 'share'), 0) AS shares,
        fsum(events
            * CASE event_type
                WHEN 'view' THEN $w_views WHEN 'like' THEN $w_likes
                WHEN 'comment' THEN $w_comments WHEN 'share' THEN $w_shares ELSE 0 END
            * CASE WHEN $half_life_hours IS NULL THEN 1.0
                ELSE pow(0.5, (epoch($window_end) - epoch(hour)) / 3600.0 / $half_life_hours)
              END) AS raw_score
    FROM hourly
    WHERE hour >= $window_start AND hour < $window_end
    GROUP BY article_id
),
scored AS (
    SELECT c.article_id, a.title, a.section, a.subsection, a.author, a.published_at, a.url,
        a.article_id IS NOT NULL AS known,
        c.views, c.likes, c.comments, c.shares, round(c.raw_score, 6) AS score
    FROM counts AS c
    LEFT JOIN articles AS a USING (article_id)
)
SELECT row_number() OVER (
        ORDER BY score DESC, views DESC, published_at DESC NULLS LAST, article_id
    ) AS rank,
    *
FROM scored
WHERE score > 0
    AND ($eligible = 'all' OR (published_at >= $window_start AND published_at < $window_end))
    AND ($section IS NULL OR section = $section OR subsection = $section)
ORDER BY rank
