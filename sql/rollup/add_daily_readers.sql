-- Adds the distinct (site-time day, session key) pairs of the counted views of the load batch
-- (files $first_file_id..$last_file_id) to the daily readers rollup; run after
-- add_sessions.sql, which gives the batch's new sessions their keys. Like add_readers.sql, a
-- plain query over the events table that never looks at older pairs: a pair delivered in two
-- batches is stored twice, and every count over the table is a distinct count.
INSERT INTO daily_readers
SELECT DISTINCT date_trunc('day', e.event_time), s.session_key
FROM events AS e
JOIN sessions AS s ON s.session_id = e.session_id
WHERE e.file_id BETWEEN $first_file_id AND $last_file_id AND e.event_type = 'view'
    AND NOT e.is_bot
ORDER BY 1, 2
