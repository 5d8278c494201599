-- Input files that could not be read, recorded in [$start, $end): name, reason, when.
SELECT name, reason, finished_at
FROM files
WHERE status = 'failed' AND finished_at >= $start AND finished_at < $end
ORDER BY file_id
