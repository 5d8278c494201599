-- One event of the load batch (files $first_file_id..$last_file_id) for each source key that
-- source_map does not hold yet, as the table source_input (referrer, url, user_agent) that
-- etl/sources.py classifies: every event of a key has the same source, so one stands for all.
CREATE OR REPLACE TEMP TABLE source_input AS
SELECT DISTINCT ON (source_key) referrer, url, user_agent
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id
    AND source_key NOT IN (SELECT key_hash FROM source_map)
