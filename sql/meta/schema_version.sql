-- The schema version of this database: the newest migration applied.
SELECT coalesce(max(version), 0) FROM schema_migrations
