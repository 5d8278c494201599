-- The $limit most recent ETL runs, newest first, with their counts and message.
SELECT run_id, started, finished, status, files, failed_files, skipped_files, records_read,
    loaded, duplicates, rejected, bots, message
FROM runs
ORDER BY run_id DESC
LIMIT $limit
