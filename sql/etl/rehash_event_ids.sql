-- Recomputes every stored dedupe key with this DuckDB's hash(), and remembers its value.
UPDATE events SET id_key = hash(event_id);
UPDATE key_hash SET value = hash(probe);
