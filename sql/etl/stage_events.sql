-- Splits raw_lines into event fields (all text, untrimmed) into the temp table stage_events.
-- A line that is not a JSON object is kept with malformed = true. Blank lines are not records.
CREATE OR REPLACE TEMP TABLE stage_events AS
WITH parsed AS (
    SELECT line, raw,
        CASE WHEN left(ltrim(raw), 1) = '{' THEN try(from_json(raw, '{
            "event_id": "VARCHAR", "event_time": "VARCHAR", "event_type": "VARCHAR",
            "article_id": "VARCHAR", "session_id": "VARCHAR", "channel": "VARCHAR",
            "referrer": "VARCHAR", "user_agent": "VARCHAR"}')) END AS j
    FROM raw_lines
    WHERE raw IS NOT NULL AND trim(raw) <> ''
)
SELECT line, raw, j IS NULL AS malformed,
    j.event_id, j.event_time, j.event_type, j.article_id, j.session_id, j.channel,
    j.referrer, j.user_agent
FROM parsed
