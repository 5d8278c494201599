-- Forgets every stored dedupe key (they were made by another hash()) and remembers this
-- DuckDB's hash(); the keys of the window are then read again from the lake (keys_from_lake.sql).
DELETE FROM event_keys;
UPDATE key_hash SET value = hash(probe);
