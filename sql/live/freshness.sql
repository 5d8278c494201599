-- How old the Live page's data is, from the ledger: the newest event time of a loaded events
-- file, the newest run (when it ended, or started if it still runs, and its status) and the
-- newest minute in the minute rollup. One row.
SELECT
    (SELECT max(last_event) FROM files WHERE status = 'loaded' AND kind = 'events') AS last_event,
    (SELECT arg_max(coalesce(finished, started), run_id) FROM runs) AS last_run_at,
    (SELECT arg_max(status, run_id) FROM runs) AS last_run_status,
    (SELECT max(minute) FROM minutely) AS last_minute
