-- How fresh the data is: the newest event time in a loaded file, the newest counted hour, and
-- the newest run (any status) and newest successful run, and how many failed files are still to
-- deal with (loaded since by no run, dismissed by nobody). One row.
SELECT
    (SELECT max(last_event) FROM files WHERE status = 'loaded' AND kind = 'events') AS last_event,
    (SELECT max(hour) FROM hourly) AS last_hour,
    (SELECT max(run_id) FROM runs) AS last_run_id,
    (SELECT arg_max(status, run_id) FROM runs) AS last_run_status,
    (SELECT arg_max(coalesce(finished, started), run_id) FROM runs) AS last_run_at,
    (SELECT max(finished) FROM runs WHERE status IN ('ok', 'partial')) AS last_success_at,
    (SELECT count(*) FROM failed_files_to_deal_with) AS failed_to_deal_with
