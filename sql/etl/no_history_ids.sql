-- No lake day to read for the batch: the temp table history_ids(event_id, dt) is empty.
CREATE OR REPLACE TEMP TABLE history_ids (event_id VARCHAR, dt DATE)
