-- Forgets the box clicks more than $days days ([etl] dedupe_days) older than the newest one, and
-- returns how many went: a view loaded that much later than its click no longer counts as sent
-- by the box. Measured from the data's own newest click, not the clock (a history import keeps
-- what it loads). Every run does it.
DELETE FROM box_clicks
WHERE event_time < (SELECT max(event_time) FROM box_clicks) - to_days($days::INTEGER)
