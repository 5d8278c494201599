-- Every input file that could not be read, newest first, with the reason and its run.
SELECT file_id, run_id, name, kind, reason, size, finished_at
FROM files
WHERE status = 'failed'
ORDER BY file_id DESC
