-- Opens a run record started at $now and returns its id.
INSERT INTO runs (started, status) VALUES ($now::TIMESTAMPTZ, 'running') RETURNING run_id
