-- Whole rankings, one per window asked: window i (0-based) is [$window_starts[i],
-- $window_ends[i]) ranked by its own definition ($w_views[i], $w_likes[i], $w_comments[i],
-- $w_shares[i], $w_engaged_minutes[i], $half_lives[i], $eligible[i]), so several rankings and hours (e.g. each ranking
-- now and 24 hours earlier) come from one pass over the hourly rollups. Per window: one row per
-- eligible article with a positive score, best first, with its counts and metadata (metadata
-- columns NULL for an article never described); `w` says which window.
-- score = sum over the window of events x the weight of their type x the decay factor
-- 0.5 ^ ((window end - hour) / half life); with no half life (NULL: no decay) that is
-- views x w_views + likes x w_likes + comments x w_comments + shares x w_shares
-- + engaged minutes x w_engaged_minutes (engaged minutes: attention_hourly, by the views' hours).
-- engaged_ms: the window's engaged time of the article's views (for engaged seconds per view).
-- Counts come from hourly_articles (one row per hour and article, the four types side by side;
-- hourly_sources' views for a source group), summed per segment (the stretch between two
-- consecutive window bounds) first, then per window from its segments: each row is read into
-- one segment however many of the asked windows hold it (8 overlapping windows for the Rankings
-- page, more for best_ranks). Decayed scores are summed per hour and event type from hourly (or
-- hourly_sources), as before, for the decayed windows only.
-- Scores are rounded to 6 decimals so that the order of floating-point additions can never
-- split a tie. Ties: more views, then newer published_at (no metadata = oldest), article_id.
-- eligible: 'all' or 'published_in_window'. $section (or NULL): a section or a subsection;
-- a parent section includes its subsections. $source_group (or NULL): only the counted views
-- from that traffic source group (hourly_sources) count, so every score is views x w_views;
-- likes, comments and shares carry no source. $only (or NULL): the article ids kept (a ranking
-- filtered by reporter, tag or edition: sql/dimensions.py, matching_articles).
WITH facts AS (
    SELECT hour, article_id, event_type, events
    FROM hourly
    WHERE $source_group::VARCHAR IS NULL
    UNION ALL
    SELECT hour, article_id, 'view', views
    FROM hourly_sources
    WHERE source_group = $source_group::VARCHAR
),
article_facts AS (
    SELECT hour, article_id, views, likes, comments, shares
    FROM hourly_articles
    WHERE $source_group::VARCHAR IS NULL
    UNION ALL
    SELECT hour, article_id, views, 0, 0, 0
    FROM hourly_sources
    WHERE source_group = $source_group::VARCHAR
),
windows AS (
    SELECT unnest(range(len($window_ends::TIMESTAMPTZ[]))) AS w,
        unnest($window_starts::TIMESTAMPTZ[]) AS window_start,
        unnest($window_ends::TIMESTAMPTZ[]) AS window_end,
        unnest($w_views::DOUBLE[]) AS w_views,
        unnest($w_likes::DOUBLE[]) AS w_likes,
        unnest($w_comments::DOUBLE[]) AS w_comments,
        unnest($w_shares::DOUBLE[]) AS w_shares,
        unnest($w_engaged_minutes::DOUBLE[]) AS w_engaged_minutes,
        unnest($half_lives::DOUBLE[]) AS half_life_hours,
        unnest($eligible::VARCHAR[]) AS eligible
),
segments AS (
    -- The stretches between consecutive window bounds: every hour of a window lies in one, and
    -- a window is a run of whole segments, so each hourly row is counted once (in its segment)
    -- however many windows hold it, and a window adds up its few segments.
    SELECT seg_start, lead(seg_start) OVER (ORDER BY seg_start) AS seg_end
    FROM (
        SELECT DISTINCT unnest(list_concat($window_starts::TIMESTAMPTZ[],
            $window_ends::TIMESTAMPTZ[])) AS seg_start
    )
),
segment_counts AS (
    SELECT g.seg_start, h.article_id, sum(h.views) AS views, sum(h.likes) AS likes,
        sum(h.comments) AS comments, sum(h.shares) AS shares
    FROM article_facts AS h
    JOIN segments AS g ON h.hour >= g.seg_start AND h.hour < g.seg_end
    WHERE h.hour >= list_min($window_starts::TIMESTAMPTZ[])
        AND h.hour < list_max($window_ends::TIMESTAMPTZ[])
    GROUP BY g.seg_start, h.article_id
),
window_counts AS (
    SELECT w.w, c.article_id,
        coalesce(sum(c.views), 0) AS views,
        coalesce(sum(c.likes), 0) AS likes,
        coalesce(sum(c.comments), 0) AS comments,
        coalesce(sum(c.shares), 0) AS shares
    FROM segment_counts AS c
    JOIN segments AS g USING (seg_start)
    JOIN windows AS w ON g.seg_start >= w.window_start AND g.seg_end <= w.window_end
    GROUP BY w.w, c.article_id
),
decayed AS (
    -- A time-decayed score weighs each hour by its distance to its window's end: summed per
    -- hour, and only for the windows with a half life.
    SELECT w.w, h.article_id,
        fsum(h.events
            * CASE h.event_type
                WHEN 'view' THEN w.w_views WHEN 'like' THEN w.w_likes
                WHEN 'comment' THEN w.w_comments WHEN 'share' THEN w.w_shares ELSE 0 END
            * pow(0.5, (epoch(w.window_end) - epoch(h.hour)) / 3600.0 / w.half_life_hours)
            ) AS decayed_score
    FROM facts AS h
    JOIN windows AS w ON h.hour >= w.window_start AND h.hour < w.window_end
    WHERE w.half_life_hours IS NOT NULL
        AND h.hour >= list_min($window_starts::TIMESTAMPTZ[])
        AND h.hour < list_max($window_ends::TIMESTAMPTZ[])
    GROUP BY w.w, h.article_id
),
counts AS (
    SELECT c.*, d.decayed_score
    FROM window_counts AS c
    LEFT JOIN decayed AS d USING (w, article_id)
),
attention AS (
    SELECT w.w, a.article_id, sum(a.engaged_ms) AS engaged_ms,
        fsum(CASE WHEN w.half_life_hours IS NOT NULL THEN a.engaged_ms / 60000.0
            * w.w_engaged_minutes
            * pow(0.5, (epoch(w.window_end) - epoch(a.hour)) / 3600.0 / w.half_life_hours)
            END) AS decayed_score
    FROM attention_hourly AS a
    JOIN windows AS w ON a.hour >= w.window_start AND a.hour < w.window_end
    WHERE a.hour >= list_min($window_starts::TIMESTAMPTZ[])
        AND a.hour < list_max($window_ends::TIMESTAMPTZ[])
    GROUP BY w.w, a.article_id
),
scored AS (
    SELECT c.w, w.window_start, w.window_end, w.eligible, c.article_id, a.title, a.section,
        a.subsection, a.author, a.published_at, a.url, a.article_id IS NOT NULL AS known,
        c.views, c.likes, c.comments, c.shares, coalesce(t.engaged_ms, 0) AS engaged_ms,
        round(CASE WHEN w.half_life_hours IS NOT NULL
            THEN coalesce(c.decayed_score, 0) + coalesce(t.decayed_score, 0)
            ELSE c.views * w.w_views + c.likes * w.w_likes + c.comments * w.w_comments
                + c.shares * w.w_shares + coalesce(t.engaged_ms, 0) / 60000.0 * w.w_engaged_minutes
            END, 6) AS score
    FROM counts AS c
    JOIN windows AS w USING (w)
    LEFT JOIN attention AS t USING (w, article_id)
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
