-- The newest ETL run.
SELECT run_id, started, finished, status, files, failed_files, skipped_files, records_read,
    loaded, duplicates, rejected, bots, message
FROM runs
ORDER BY run_id DESC
LIMIT 1
