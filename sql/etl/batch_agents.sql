-- The distinct user agents of the batch's accepted events (files $first_file_id..$last_file_id)
-- with the classifier's verdict (user_agents): the Spark engine's broadcast table of bots.
SELECT DISTINCT e.user_agent, u.is_bot
FROM landed_events AS e
JOIN user_agents AS u ON u.user_agent = e.user_agent
WHERE e.file_id BETWEEN $first_file_id AND $last_file_id
