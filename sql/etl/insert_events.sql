-- Loads the valid rows of checked_events that are the first occurrence of their event_id, in
-- this file (lowest line) and in all of history, tagged with file $file_id and the bot flag.
INSERT INTO events
SELECT c.event_id, c.event_time, c.event_type, c.article_id, c.session_id, c.channel,
    c.referrer, c.user_agent, coalesce(u.is_bot, false), $file_id, c.line
FROM (
    SELECT * FROM checked_events
    WHERE reason IS NULL
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY line) = 1
) AS c
ANTI JOIN events AS e ON e.event_id = c.event_id
LEFT JOIN user_agents AS u ON u.user_agent = c.user_agent
