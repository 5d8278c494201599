-- What a database copy holds, read to prove it is a whole newsdash database: its schema
-- version, newest run and newest event (one row).
SELECT
    (SELECT max(version) FROM schema_migrations) AS schema_version,
    (SELECT max(run_id) FROM runs) AS last_run,
    (SELECT max(last_event) FROM files WHERE status = 'loaded') AS last_event,
    (SELECT count(*) FROM hourly) AS hourly_rows
