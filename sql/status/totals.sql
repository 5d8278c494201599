-- Warehouse totals for `newsdash status`: one row. Counts come from the file ledger, so they
-- survive the retention of raw events.
SELECT
    coalesce(sum(loaded) FILTER (WHERE kind = 'events'), 0) AS events_loaded,
    coalesce(sum(bots), 0) AS bot_events,
    coalesce(sum(duplicates), 0) AS duplicates,
    (SELECT coalesce(sum(records), 0) FROM rejected_counts)::BIGINT AS rejected,
    coalesce(sum(late_duplicates), 0) AS late_duplicates,
    min(first_event) AS first_event,
    max(last_event) AS last_event,
    (SELECT count(*) FROM articles) AS articles
FROM files
WHERE status = 'loaded'
