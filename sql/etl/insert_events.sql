-- Loads the valid rows of checked_events that are the first occurrence of their event_id, in
-- this file (lowest line) and in all of history, tagged with file $file_id and the bot flag.
-- Repeated ids within a file are rare, so they are found with a small aggregate (ids seen
-- more than once and their first line) rather than a window over every row.
INSERT INTO events
SELECT c.event_id, c.event_time, c.event_type, c.article_id, c.session_id, c.channel,
    c.referrer, c.user_agent, coalesce(u.is_bot, false), $file_id, c.line
FROM checked_events AS c
ANTI JOIN (
    SELECT event_id, min(line) AS first_line
    FROM checked_events
    WHERE reason IS NULL
    GROUP BY event_id
    HAVING count(*) > 1
) AS repeated ON repeated.event_id = c.event_id AND repeated.first_line <> c.line
ANTI JOIN events AS e ON e.event_id = c.event_id
LEFT JOIN user_agents AS u ON u.user_agent = c.user_agent
WHERE c.reason IS NULL
