-- Records the lake versions this database's content describes (one row).
INSERT INTO lake_state VALUES ($events_version, $quarantine_version)
