-- Retention: deletes the raw events that happened before $cutoff and returns how many.
-- Only `events` is trimmed: the hourly rollup and readers per hour (what the dashboard's
-- charts and the rankings read), articles, runs, files and rejected records all stay.
DELETE FROM events WHERE event_time < $cutoff
