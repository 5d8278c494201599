-- Splits raw_lines into event fields and checks each record against the data contract, into
-- the temp table checked_events: normalised fields plus `reason` (NULL when valid) and the
-- `field` at fault. The first failing rule names the reason, in the order of the brief's list.
-- A line that is not a JSON object is malformed; blank lines are not records.
CREATE OR REPLACE TEMP TABLE checked_events AS
WITH parsed AS (
    SELECT line, raw,
        CASE WHEN left(ltrim(raw), 1) = '{' THEN try(from_json(raw, '{
            "event_id": "VARCHAR", "event_time": "VARCHAR", "event_type": "VARCHAR",
            "article_id": "VARCHAR", "session_id": "VARCHAR", "channel": "VARCHAR",
            "referrer": "VARCHAR", "user_agent": "VARCHAR"}')) END AS j
    FROM raw_lines
    WHERE raw IS NOT NULL AND trim(raw) <> ''
),
stage_events AS (
    SELECT line, raw, j IS NULL AS malformed,
        j.event_id, j.event_time, j.event_type, j.article_id, j.session_id, j.channel,
        j.referrer, j.user_agent
    FROM parsed
),
normalised AS (
    SELECT line, raw, malformed,
        nullif(trim(event_id), '') AS event_id,
        nullif(trim(event_time), '') AS event_time_text,
        lower(nullif(trim(event_type), '')) AS event_type,
        nullif(trim(article_id), '') AS article_id,
        nullif(trim(session_id), '') AS session_id,
        CASE lower(trim(channel)) WHEN 'twitter' THEN 'x' ELSE nullif(lower(trim(channel)), '') END
            AS channel,
        nullif(trim(referrer), '') AS referrer,
        nullif(trim(user_agent), '') AS user_agent
    FROM stage_events
),
timed AS (
    SELECT *,
        CASE
            -- epoch milliseconds
            WHEN regexp_full_match(event_time_text, '\d{10,15}')
                THEN make_timestamptz(event_time_text::BIGINT * 1000)
            -- ISO-8601 date and time with a UTC offset; a time without an offset is refused
            WHEN regexp_full_match(event_time_text,
                    '\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)')
                THEN try_cast(replace(event_time_text, ',', '.') AS TIMESTAMPTZ)
        END AS event_time
    FROM normalised
)
SELECT line, raw, event_id, event_time, event_type, article_id, session_id,
    CASE WHEN event_type = 'share' THEN channel END AS channel, referrer, user_agent,
    CASE
        WHEN malformed THEN 'malformed'
        WHEN event_id IS NULL OR event_time_text IS NULL OR event_type IS NULL OR article_id IS NULL
            THEN 'missing_field'
        WHEN event_type NOT IN ('view', 'like', 'share', 'comment') THEN 'bad_event_type'
        WHEN event_time IS NULL THEN 'bad_time'
        WHEN event_type = 'share'
            AND coalesce(channel NOT IN ('facebook', 'x', 'kakaotalk', 'line', 'band', 'naver', 'copy_url'), true)
            THEN 'bad_channel'
        WHEN event_time > $loaded_at::TIMESTAMPTZ + INTERVAL 1 DAY THEN 'future_time'
    END AS reason,
    CASE
        WHEN malformed THEN NULL
        WHEN event_id IS NULL THEN 'event_id'
        WHEN event_time_text IS NULL THEN 'event_time'
        WHEN event_type IS NULL THEN 'event_type'
        WHEN article_id IS NULL THEN 'article_id'
        WHEN event_type NOT IN ('view', 'like', 'share', 'comment') THEN 'event_type'
        WHEN event_time IS NULL THEN 'event_time'
        WHEN event_type = 'share'
            AND coalesce(channel NOT IN ('facebook', 'x', 'kakaotalk', 'line', 'band', 'naver', 'copy_url'), true)
            THEN 'channel'
        WHEN event_time > $loaded_at::TIMESTAMPTZ + INTERVAL 1 DAY THEN 'event_time'
    END AS field
FROM timed
