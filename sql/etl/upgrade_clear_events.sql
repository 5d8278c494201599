-- Upgrade to schema 6: the settled files' events are in the lake now; only a landed file's
-- rows stay in landed_events, to settle.
DELETE FROM landed_events WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')
