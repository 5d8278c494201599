-- Whether this database has been migrated at all (1) or is brand new (0).
SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'
