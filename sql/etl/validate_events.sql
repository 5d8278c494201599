-- Splits raw_lines into event fields and checks each record against the data contract, into
-- the temp table checked_events: normalised fields plus `reason` (NULL when valid) and the
-- `field` at fault. The first failing rule names the reason, in the order of the brief's list.
-- A line that is not a JSON object is malformed; blank lines are not records. The raw text is
-- kept for rejected records only (it is what the quarantine needs, and most of the bytes).
CREATE OR REPLACE TEMP TABLE checked_events AS
WITH parsed AS (
    SELECT line, raw,
        CASE WHEN left(raw, 1) = '{' OR left(ltrim(raw), 1) = '{' THEN try(from_json(raw, '{
            "event_id": "VARCHAR", "event_time": "VARCHAR", "event_type": "VARCHAR",
            "article_id": "VARCHAR", "session_id": "VARCHAR", "channel": "VARCHAR",
            "referrer": "VARCHAR", "user_agent": "VARCHAR"}')) END AS j
    FROM raw_lines
    WHERE raw <> '' AND (left(raw, 1) = '{' OR trim(raw) <> '')
),
normalised AS (
    -- Keys and codes are trimmed; session ids, referrers and user agents are kept as given.
    SELECT line, raw, j IS NULL AS malformed,
        nullif(trim(j.event_id), '') AS event_id,
        nullif(trim(j.event_time), '') AS event_time_text,
        lower(nullif(trim(j.event_type), '')) AS event_type,
        nullif(trim(j.article_id), '') AS article_id,
        nullif(j.session_id, '') AS session_id,
        CASE lower(trim(j.channel)) WHEN 'twitter' THEN 'x' ELSE nullif(lower(trim(j.channel)), '') END
            AS channel,
        nullif(j.referrer, '') AS referrer,
        nullif(j.user_agent, '') AS user_agent
    FROM parsed
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
),
judged AS (
    SELECT *,
        CASE
            WHEN malformed THEN 'malformed'
            WHEN event_id IS NULL OR event_time_text IS NULL OR event_type IS NULL
                OR article_id IS NULL THEN 'missing_field'
            WHEN event_type NOT IN ('view', 'like', 'share', 'comment') THEN 'bad_event_type'
            WHEN event_time IS NULL THEN 'bad_time'
            WHEN event_type = 'share' AND coalesce(channel NOT IN
                ('facebook', 'x', 'kakaotalk', 'line', 'band', 'naver', 'copy_url'), true)
                THEN 'bad_channel'
            WHEN event_time > $loaded_at::TIMESTAMPTZ + INTERVAL 1 DAY THEN 'future_time'
        END AS reason
    FROM timed
)
SELECT line, CASE WHEN reason IS NOT NULL THEN raw END AS raw, event_id, event_time, event_type,
    article_id, session_id, CASE WHEN event_type = 'share' THEN channel END AS channel,
    referrer, user_agent, reason,
    CASE reason
        WHEN 'missing_field' THEN CASE
            WHEN event_id IS NULL THEN 'event_id'
            WHEN event_time_text IS NULL THEN 'event_time'
            WHEN event_type IS NULL THEN 'event_type'
            ELSE 'article_id' END
        WHEN 'bad_event_type' THEN 'event_type'
        WHEN 'bad_time' THEN 'event_time'
        WHEN 'bad_channel' THEN 'channel'
        WHEN 'future_time' THEN 'event_time'
    END AS field
FROM judged
