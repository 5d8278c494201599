-- The lake versions this database describes: (events, quarantine), no row before the first run.
SELECT events_version, quarantine_version FROM lake_state
