-- The article ids first seen in a counted view of the batch (batch_events), each with the next
-- integer key of the article dictionary (as sessions.sql does for sessions): delta rows appended
-- to `article_keys`.
SELECT (SELECT coalesce(max(article_key), 0) FROM article_keys)
        + row_number() OVER (ORDER BY n.article_id) AS article_key,
    n.article_id
FROM (
    SELECT DISTINCT article_id
    FROM batch_events
    WHERE event_type = 'view' AND NOT is_bot AND session_id IS NOT NULL
) AS n
ANTI JOIN article_keys AS k ON k.article_id = n.article_id
