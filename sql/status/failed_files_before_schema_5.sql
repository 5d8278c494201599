-- A database not yet upgraded to schema 5 (the next `newsdash etl` does it) has no dismissals:
-- every failed file counts as still to deal with, newest first.
SELECT file_id, run_id, name, reason, finished_at AS at
FROM files
WHERE status = 'failed'
ORDER BY file_id DESC
