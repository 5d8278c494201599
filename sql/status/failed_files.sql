-- The failed files still to deal with, newest first: each file's latest failure (a later entry
-- with the same name or content replaces it) that no later entry loaded and nobody dismissed.
SELECT f.file_id, f.run_id, f.name, f.reason, f.finished_at
FROM files AS f
WHERE f.status = 'failed'
    AND f.file_id NOT IN (SELECT file_id FROM dismissed_files)
    AND NOT EXISTS (
        SELECT 1 FROM files AS later
        WHERE later.file_id > f.file_id AND (later.name = f.name OR later.sha256 = f.sha256)
    )
ORDER BY f.file_id DESC
