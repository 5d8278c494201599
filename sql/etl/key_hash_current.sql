-- Whether DuckDB's hash() still gives the value it gave when events.id_key was written.
SELECT coalesce(bool_and(value = hash(probe)), true) FROM key_hash
