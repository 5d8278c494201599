-- Sets the bot flag of the batch's events whose user agent was classified after they landed.
UPDATE events SET is_bot = u.is_bot
FROM user_agents AS u
WHERE events.file_id BETWEEN $first_file_id AND $last_file_id AND events.is_bot IS NULL
    AND u.user_agent = events.user_agent
