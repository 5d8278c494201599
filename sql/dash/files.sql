-- The $limit most recently recorded input files, newest first: what each one gave.
SELECT file_id, run_id, name, kind, status, reason, records_read, loaded, duplicates,
    late_duplicates, rejected, bots, first_event, last_event, finished_at
FROM files
ORDER BY file_id DESC
LIMIT $limit
