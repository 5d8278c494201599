-- The schema version of the published file, attached read-only as `published`.
SELECT max(version) FROM published.schema_migrations
