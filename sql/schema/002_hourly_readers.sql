-- Schema version 2: the distinct readers of each article in each site-time hour.
-- readers are not additive (one reader in two hours is one reader), so the rollup keeps the
-- distinct (hour, article, session) triples of counted views: any window's readers is a
-- count(DISTINCT session_id) over them, and they outlive the retention of raw events.
CREATE TABLE hourly_readers (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    session_id VARCHAR NOT NULL
);

-- A database made by version 1 gets the triples of the events it already holds.
INSERT INTO hourly_readers
SELECT DISTINCT date_trunc('hour', event_time), article_id, session_id
FROM events
WHERE event_type = 'view' AND NOT is_bot AND session_id IS NOT NULL;
