-- Files that could not be read, newest first.
SELECT name, reason, finished_at FROM files WHERE status = 'failed' ORDER BY file_id DESC LIMIT $limit
