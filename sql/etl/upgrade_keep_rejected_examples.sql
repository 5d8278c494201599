-- Upgrade to schema 6: of the rejected lines now in the lake's quarantine, keeps the first
-- $examples of each file and reason (a landed file's lines all stay until it settles).
DELETE FROM rejected
WHERE rowid IN (
    SELECT rowid
    FROM rejected
    WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')
    QUALIFY row_number() OVER (PARTITION BY file_id, reason ORDER BY line) > $examples
)
