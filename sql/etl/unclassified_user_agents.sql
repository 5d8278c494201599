-- The distinct user agents of the valid rows of checked_events not yet classified as bot or not.
SELECT DISTINCT c.user_agent
FROM checked_events AS c
ANTI JOIN user_agents AS u ON u.user_agent = c.user_agent
WHERE c.reason IS NULL AND c.user_agent IS NOT NULL
