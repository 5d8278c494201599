-- The distinct user agents of the batch's events that were not classified when they landed.
SELECT DISTINCT user_agent
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id AND is_bot IS NULL
