-- One article by $article_id: its metadata (NULLs when none has arrived), the first and last
-- hour with counted traffic, and its all-time counted views, likes, comments and shares.
-- One row, also for an id that is nowhere.
WITH traffic AS (
    SELECT min(hour) AS first_hour, max(hour) AS last_hour,
        coalesce(sum(events) FILTER (WHERE event_type = 'view'), 0)::BIGINT AS views,
        coalesce(sum(events) FILTER (WHERE event_type = 'like'), 0)::BIGINT AS likes,
        coalesce(sum(events) FILTER (WHERE event_type = 'comment'), 0)::BIGINT AS comments,
        coalesce(sum(events) FILTER (WHERE event_type = 'share'), 0)::BIGINT AS shares
    FROM hourly
    WHERE article_id = $article_id
)
SELECT $article_id::VARCHAR AS article_id, a.article_id IS NOT NULL AS has_metadata, a.title,
    nullif(a.section, '') AS section, nullif(a.subsection, '') AS subsection, a.author,
    a.published_at, a.url, t.*
FROM traffic AS t
LEFT JOIN articles AS a ON a.article_id = $article_id
