-- Opens a run record and returns its id.
INSERT INTO runs (started, status) VALUES (current_timestamp, 'running') RETURNING run_id
