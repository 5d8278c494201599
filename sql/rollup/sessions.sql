-- Gives each session id first seen in a counted view of the load batch (files
-- $first_file_id..$last_file_id) the next integer key of the session dictionary.
INSERT INTO sessions
SELECT (SELECT coalesce(max(session_key), 0) FROM sessions)
        + row_number() OVER (ORDER BY n.session_id),
    n.session_id
FROM (
    SELECT DISTINCT session_id
    FROM events
    WHERE file_id BETWEEN $first_file_id AND $last_file_id AND event_type = 'view'
        AND NOT is_bot AND session_id IS NOT NULL
) AS n
ANTI JOIN sessions AS s ON s.session_id = n.session_id
