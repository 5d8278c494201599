-- Upgrade to schema 6: the rejected lines of every file that is not waiting to settle (a
-- landed file's lines go to the lake when it settles), for the lake's quarantine.
SELECT file_id, line, reason, field, detail, raw
FROM rejected
WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')
ORDER BY file_id, line
