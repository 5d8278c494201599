-- Records that migration $version ($name) has been applied.
INSERT INTO schema_migrations VALUES ($version, $name, current_timestamp)
