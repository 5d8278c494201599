-- The session ids first seen in a counted view of the batch (batch_events), each with the next
-- integer key of the session dictionary: delta rows appended to `sessions`.
SELECT (SELECT coalesce(max(session_key), 0) FROM sessions)
        + row_number() OVER (ORDER BY n.session_id) AS session_key,
    n.session_id
FROM (
    SELECT DISTINCT session_id
    FROM batch_events
    WHERE event_type = 'view' AND NOT is_bot AND session_id IS NOT NULL
) AS n
ANTI JOIN sessions AS s ON s.session_id = n.session_id
