-- Gives each article id first seen in a counted view of the load batch (files
-- $first_file_id..$last_file_id) the next integer key of the article dictionary (as
-- sessions.sql does for sessions).
INSERT INTO article_keys
SELECT (SELECT coalesce(max(article_key), 0) FROM article_keys)
        + row_number() OVER (ORDER BY n.article_id),
    n.article_id
FROM (
    SELECT DISTINCT article_id
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND event_type = 'view'
        AND NOT is_bot AND session_id IS NOT NULL
) AS n
ANTI JOIN article_keys AS k ON k.article_id = n.article_id
