-- Every input file that could not be read, newest first, with the reason, its run, and what
-- became of it (`state`): to deal with, loaded later, failed again later (a later entry with the
-- same name or content), or dismissed (`newsdash dismiss`) and why.
WITH later AS (
    SELECT f.file_id,
        min(l.file_id) FILTER (WHERE l.status = 'loaded') AS loaded_as,
        min(l.file_id) AS next_try
    FROM files AS f
    LEFT JOIN files AS l
        ON l.file_id > f.file_id AND (l.name = f.name OR l.sha256 = f.sha256)
    WHERE f.status = 'failed'
    GROUP BY f.file_id
)
SELECT f.file_id, f.run_id, f.name, f.kind, f.reason,
    CASE
        WHEN d.file_id IS NOT NULL THEN 'dismissed: ' || d.reason
        WHEN later.loaded_as IS NOT NULL THEN 'loaded later (file #' || later.loaded_as || ')'
        WHEN later.next_try IS NOT NULL THEN 'tried again (file #' || later.next_try || ')'
        ELSE 'to deal with: put it back in the inbox, or newsdash dismiss'
    END AS state,
    f.size, f.finished_at
FROM files AS f
JOIN later USING (file_id)
LEFT JOIN dismissed_files AS d USING (file_id)
ORDER BY f.file_id DESC
