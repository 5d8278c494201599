-- The ledger entry of a file with content hash $sha256, loaded or failed (loaded first).
SELECT file_id, name, status, reason
FROM files
WHERE sha256 = $sha256
ORDER BY status = 'loaded' DESC, file_id
LIMIT 1
