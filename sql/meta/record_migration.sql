-- Records that migration $version ($name) was applied at $now.
INSERT INTO schema_migrations VALUES ($version, $name, $now::TIMESTAMPTZ)
