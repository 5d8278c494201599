-- Sets the bot flag of the batch's events whose user agent was classified after they landed.
UPDATE landed_events SET is_bot = u.is_bot
FROM user_agents AS u
WHERE landed_events.file_id BETWEEN $first_file_id AND $last_file_id AND landed_events.is_bot IS NULL
    AND u.user_agent = landed_events.user_agent
