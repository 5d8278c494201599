-- The ledger entry that makes a file with content hash $sha256 one to skip: loaded (or landed by
-- a stopped run), or failed and dismissed (status 'dismissed', with the dismissal's reason). A
-- failed file that was not dismissed is tried again.
SELECT f.file_id, f.name,
    CASE WHEN d.file_id IS NULL THEN f.status ELSE 'dismissed' END AS status,
    coalesce(d.reason, f.reason) AS reason
FROM files AS f
LEFT JOIN dismissed_files AS d USING (file_id)
WHERE f.sha256 = $sha256 AND (f.status IN ('loaded', 'landed') OR d.file_id IS NOT NULL)
ORDER BY f.status = 'loaded' DESC, f.file_id
LIMIT 1
