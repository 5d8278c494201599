-- How far each of this file's sequences is behind the published file's (sequences do not roll
-- back with a transaction, so a journal replays their values, not their waste).
SELECT p.sequence_name, p.last_value - coalesce(s.last_value, p.start_value - 1) AS behind
FROM duckdb_sequences() AS p
JOIN duckdb_sequences() AS s USING (sequence_name)
WHERE p.database_name = 'published' AND s.database_name = current_database()
    AND p.last_value IS NOT NULL
    AND p.last_value > coalesce(s.last_value, p.start_value - 1)
