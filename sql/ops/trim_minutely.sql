-- Keeps the minute rollup to its two days (live_minutes_from, sql/meta/macros.sql): deletes
-- the older minutes and returns how many rows went. Every run does it; it is a small table.
DELETE FROM minutely WHERE minute < live_minutes_from($now)
