-- (A database older than schema 6, before its first run: rejected lines still in `rejected`.)
-- Warehouse totals for `newsdash status`: one row. Counts come from the file ledger, so they
-- survive the retention of raw events.
SELECT
    coalesce(sum(loaded) FILTER (WHERE kind = 'events'), 0) AS events_loaded,
    coalesce(sum(bots), 0) AS bot_events,
    coalesce(sum(duplicates), 0) AS duplicates,
    (SELECT count(*) FROM rejected) AS rejected,
    min(first_event) AS first_event,
    max(last_event) AS last_event,
    (SELECT count(*) FROM articles) AS articles
FROM files
WHERE status = 'loaded'
