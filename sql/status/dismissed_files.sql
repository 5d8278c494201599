-- Failed files someone dismissed (`newsdash dismiss`), newest first: the file, why it failed,
-- why it was dismissed and when.
SELECT f.file_id, f.name, f.reason, d.reason AS dismissed_because, d.dismissed_at
FROM dismissed_files AS d
JOIN files AS f USING (file_id)
ORDER BY d.dismissed_at DESC, f.file_id DESC
