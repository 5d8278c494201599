-- Whole rankings, one per window asked: window i (0-based) is [$window_starts[i],
-- $window_ends[i]) ranked by its own definition ($w_views[i], $w_likes[i], $w_comments[i],
-- $w_shares[i], $half_lives[i], $eligible[i]), so several rankings and hours (e.g. each ranking
-- now and 24 hours earlier) come from one pass over the hourly rollup. Per window: one row per
-- eligible article with a positive score, best first, with its counts and metadata (metadata
-- columns NULL for an article never described); `w` says which window.
-- score = sum over the window of events x the weight of their type x the decay factor
-- 0.5 ^ ((window end - hour) / half life); with no half life (NULL: no decay) that is
-- views x w_views + likes x w_likes + comments x w_comments + shares x w_shares.
-- Scores are rounded to 6 decimals so that the order of floating-point additions can never
-- split a tie. Ties: more views, then newer published_at (no metadata = oldest), article_id.
-- eligible: 'all' or 'published_in_window'. $section (or NULL): a section or a subsection;
-- a parent section includes its subsections. $only (or NULL): the article ids kept (a ranking
-- filtered by reporter, tag or edition: sql/dimensions.py, matching_articles).
WITH windows AS (
    SELECT unnest(range(len($window_ends::TIMESTAMPTZ[]))) AS w,
        unnest($window_starts::TIMESTAMPTZ[]) AS window_start,
        unnest($window_ends::TIMESTAMPTZ[]) AS window_end,
        unnest($w_views::DOUBLE[]) AS w_views,
        unnest($w_likes::DOUBLE[]) AS w_likes,
        unnest($w_comments::DOUBLE[]) AS w_comments,
        unnest($w_shares::DOUBLE[]) AS w_shares,
        unnest($half_lives::DOUBLE[]) AS half_life_hours,
        unnest($eligible::VARCHAR[]) AS eligible
),
counts AS (
    SELECT w.w, h.article_id,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'view'), 0) AS views,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'like'), 0) AS likes,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'comment'), 0) AS comments,
        coalesce(sum(h.events) FILTER (WHERE h.event_type = 'share'), 0) AS shares,
        fsum(CASE WHEN w.half_life_hours IS NOT NULL THEN h.events
            * CASE h.event_type
                WHEN 'view' THEN w.w_views WHEN 'like' THEN w.w_likes
                WHEN 'comment' THEN w.w_comments WHEN 'share' THEN w.w_shares ELSE 0 END
            * pow(0.5, (epoch(w.window_end) - epoch(h.hour)) / 3600.0 / w.half_life_hours)
            END) AS decayed_score
    FROM hourly AS h
    JOIN windows AS w ON h.hour >= w.window_start AND h.hour < w.window_end
    WHERE h.hour >= list_min($window_starts::TIMESTAMPTZ[])
        AND h.hour < list_max($window_ends::TIMESTAMPTZ[])
    GROUP BY w.w, h.article_id
),
scored AS (
    SELECT c.w, w.window_start, w.window_end, w.eligible, c.article_id, a.title, a.section,
        a.subsection, a.author, a.published_at, a.url, a.article_id IS NOT NULL AS known,
        c.views, c.likes, c.comments, c.shares,
        round(coalesce(c.decayed_score, c.views * w.w_views + c.likes * w.w_likes
            + c.comments * w.w_comments + c.shares * w.w_shares), 6) AS score
    FROM counts AS c
    JOIN windows AS w USING (w)
    LEFT JOIN articles AS a USING (article_id)
)
SELECT row_number() OVER (
        PARTITION BY w
        ORDER BY score DESC, views DESC, published_at DESC NULLS LAST, article_id
    ) AS rank,
    * EXCLUDE (window_start, window_end, eligible)
FROM scored
WHERE score > 0
    AND (eligible = 'all' OR (published_at >= window_start AND published_at < window_end))
    AND ($section IS NULL OR section = $section OR subsection = $section)
    AND ($only::VARCHAR[] IS NULL OR list_contains($only::VARCHAR[], article_id))
ORDER BY w, rank
