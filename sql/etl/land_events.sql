-- Lands every line of the batch (the temp view input_lines) in events, in one pass over the
-- input: the event's fields, the bot flag of a user agent already classified (NULL for one not
-- yet seen, false without a user agent), the dedupe key, and the verdict of the data contract:
-- `reason` NULL for a valid record, else the first failing rule in the order of the brief's list
-- (a line that is not a JSON object is malformed; a blank line is 'blank', not a record; after a
-- missing field comes bad_field: a field that is a JSON object or array, or longer than its
-- [limits.chars] limit), the `field` at fault, and the raw text of a rejected line. Rows keep
-- the order of the lines.
-- Attention and box events (issue 22) are kept together here: `engage` needs page_view_id,
-- engaged_ms (a whole number of ms, 0 to a day) and scroll_pct (0-100), read_to_end optional
-- (true/false/1/0); `widget_view` needs widget and position (a whole number, 1-1000);
-- `widget_click` those and target_article_id. A missing one is missing_field after the event
-- type is known; a value out of its range or not a number is bad_value. page_view_id is kept
-- on every event that carries it; the other new fields only on the types they belong to.
-- The load moves the rejected rows out and deletes duplicates and blanks before it commits.
INSERT INTO landed_events (event_id, event_time, event_type, article_id, session_id, channel,
    referrer, user_agent, is_bot, file_id, line, id_key, reason, field, raw, page_view_id,
    engaged_ms, scroll_pct, read_to_end, widget, position, target_article_id, url, source_key)
WITH parsed AS (
    SELECT file_id, line, raw,
        raw IS NULL OR (left(raw, 1) <> '{' AND trim(raw) = '') AS blank,
        CASE WHEN (left(raw, 1) = '{' OR left(ltrim(raw), 1) = '{') AND json_valid(raw)
            THEN json_extract_string(raw, ['$.event_id', '$.event_time', '$.event_type',
                '$.article_id', '$.session_id', '$.channel', '$.referrer', '$.user_agent',
                '$.page_view_id', '$.engaged_ms', '$.scroll_pct', '$.read_to_end', '$.widget',
                '$.position', '$.target_article_id', '$.url'])
        END AS j
    FROM input_lines
),
normalised AS (
    -- Keys and codes are trimmed; session ids, referrers and user agents are kept as given.
    SELECT file_id, line, raw, blank, j IS NULL AS malformed,
        nullif(trim(j[1]), '') AS event_id,
        nullif(trim(j[2]), '') AS event_time_text,
        lower(nullif(trim(j[3]), '')) AS event_type,
        nullif(trim(j[4]), '') AS article_id,
        nullif(j[5], '') AS session_id,
        CASE lower(trim(j[6])) WHEN 'twitter' THEN 'x' ELSE nullif(lower(trim(j[6])), '') END
            AS channel,
        nullif(j[7], '') AS referrer,
        nullif(j[8], '') AS user_agent,
        nullif(trim(j[9]), '') AS page_view_id,
        nullif(trim(j[10]), '') AS engaged_ms_text,
        nullif(trim(j[11]), '') AS scroll_pct_text,
        lower(nullif(trim(j[12]), '')) AS read_to_end_text,
        lower(nullif(trim(j[13]), '')) AS widget,
        nullif(trim(j[14]), '') AS position_text,
        nullif(trim(j[15]), '') AS target_article_id,
        nullif(j[16], '') AS url,
        -- An object or array comes back as its JSON text, starting with { or [ (ascii 123, 91:
        -- cheaper than a substring): only then is its type looked up.
        CASE
            WHEN ascii(j[1]) IN (91, 123) AND json_type(raw, '$.event_id') IN ('OBJECT', 'ARRAY') THEN 'event_id'
            WHEN ascii(j[2]) IN (91, 123) AND json_type(raw, '$.event_time') IN ('OBJECT', 'ARRAY') THEN 'event_time'
            WHEN ascii(j[3]) IN (91, 123) AND json_type(raw, '$.event_type') IN ('OBJECT', 'ARRAY') THEN 'event_type'
            WHEN ascii(j[4]) IN (91, 123) AND json_type(raw, '$.article_id') IN ('OBJECT', 'ARRAY') THEN 'article_id'
            WHEN ascii(j[5]) IN (91, 123) AND json_type(raw, '$.session_id') IN ('OBJECT', 'ARRAY') THEN 'session_id'
            WHEN ascii(j[6]) IN (91, 123) AND json_type(raw, '$.channel') IN ('OBJECT', 'ARRAY') THEN 'channel'
            WHEN ascii(j[7]) IN (91, 123) AND json_type(raw, '$.referrer') IN ('OBJECT', 'ARRAY') THEN 'referrer'
            WHEN ascii(j[8]) IN (91, 123) AND json_type(raw, '$.user_agent') IN ('OBJECT', 'ARRAY') THEN 'user_agent'
            WHEN ascii(j[9]) IN (91, 123) AND json_type(raw, '$.page_view_id') IN ('OBJECT', 'ARRAY') THEN 'page_view_id'
            WHEN ascii(j[13]) IN (91, 123) AND json_type(raw, '$.widget') IN ('OBJECT', 'ARRAY') THEN 'widget'
            WHEN ascii(j[15]) IN (91, 123) AND json_type(raw, '$.target_article_id') IN ('OBJECT', 'ARRAY') THEN 'target_article_id'
            -- strlen (bytes) is free and never below length (characters)
            WHEN strlen(j[1]) > getvariable('limits').event_id AND length(j[1]) > getvariable('limits').event_id THEN 'event_id'
            WHEN strlen(j[4]) > getvariable('limits').article_id AND length(j[4]) > getvariable('limits').article_id THEN 'article_id'
            WHEN strlen(j[5]) > getvariable('limits').session_id AND length(j[5]) > getvariable('limits').session_id THEN 'session_id'
            WHEN strlen(j[7]) > getvariable('limits').referrer AND length(j[7]) > getvariable('limits').referrer THEN 'referrer'
            WHEN strlen(j[8]) > getvariable('limits').user_agent AND length(j[8]) > getvariable('limits').user_agent THEN 'user_agent'
            WHEN strlen(j[9]) > getvariable('limits').page_view_id AND length(j[9]) > getvariable('limits').page_view_id THEN 'page_view_id'
            WHEN strlen(j[13]) > getvariable('limits').widget AND length(j[13]) > getvariable('limits').widget THEN 'widget'
            WHEN strlen(j[15]) > getvariable('limits').article_id AND length(j[15]) > getvariable('limits').article_id THEN 'target_article_id'
        END AS bad_field
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
        END AS event_time,
        try_cast(engaged_ms_text AS DOUBLE) AS engaged_ms_number,
        try_cast(scroll_pct_text AS DOUBLE) AS scroll_pct_number,
        try_cast(position_text AS DOUBLE) AS position_number
    FROM normalised
),
-- The first missing field an event type needs beyond the four every event needs, and the
-- first attention or box field whose value is not a number in its range.
checked AS (
    SELECT *,
        CASE event_type
            WHEN 'engage' THEN CASE
                WHEN page_view_id IS NULL THEN 'page_view_id'
                WHEN engaged_ms_text IS NULL THEN 'engaged_ms'
                WHEN scroll_pct_text IS NULL THEN 'scroll_pct' END
            WHEN 'widget_view' THEN CASE
                WHEN widget IS NULL THEN 'widget'
                WHEN position_text IS NULL THEN 'position' END
            WHEN 'widget_click' THEN CASE
                WHEN widget IS NULL THEN 'widget'
                WHEN position_text IS NULL THEN 'position'
                WHEN target_article_id IS NULL THEN 'target_article_id' END
        END AS missing_for_type,
        CASE
            WHEN event_type = 'engage' AND NOT coalesce(engaged_ms_number BETWEEN 0 AND 86400000
                    AND engaged_ms_number = floor(engaged_ms_number), false)
                THEN 'engaged_ms'
            WHEN event_type = 'engage' AND NOT coalesce(scroll_pct_number BETWEEN 0 AND 100, false)
                THEN 'scroll_pct'
            WHEN event_type = 'engage' AND read_to_end_text NOT IN ('true', 'false', '1', '0')
                THEN 'read_to_end'
            WHEN event_type IN ('widget_view', 'widget_click') AND NOT coalesce(
                    position_number BETWEEN 1 AND 1000 AND position_number = floor(position_number), false)
                THEN 'position'
        END AS bad_value_field
    FROM timed
),
judged AS (
    SELECT *,
        CASE
            WHEN blank THEN 'blank'
            WHEN malformed THEN 'malformed'
            WHEN event_id IS NULL OR event_time_text IS NULL OR event_type IS NULL
                OR article_id IS NULL THEN 'missing_field'
            WHEN bad_field IS NOT NULL THEN 'bad_field'
            WHEN event_type NOT IN ('view', 'like', 'share', 'comment', 'engage', 'widget_view',
                'widget_click') THEN 'bad_event_type'
            WHEN missing_for_type IS NOT NULL THEN 'missing_field'
            WHEN bad_value_field IS NOT NULL THEN 'bad_value'
            WHEN event_time IS NULL THEN 'bad_time'
            WHEN event_type = 'share' AND coalesce(channel NOT IN
                ('facebook', 'x', 'kakaotalk', 'line', 'band', 'naver', 'copy_url'), true)
                THEN 'bad_channel'
            WHEN event_time > $loaded_at::TIMESTAMPTZ + INTERVAL 1 DAY THEN 'future_time'
        END AS reason
    FROM checked
)
SELECT d.event_id, d.event_time, d.event_type, d.article_id, d.session_id,
    CASE WHEN d.event_type = 'share' THEN d.channel END,
    d.referrer, d.user_agent,
    CASE WHEN d.user_agent IS NULL THEN false ELSE u.is_bot END,
    d.file_id, d.line, hash(d.event_id), d.reason,
    CASE d.reason
        WHEN 'missing_field' THEN CASE
            WHEN d.event_id IS NULL THEN 'event_id'
            WHEN d.event_time_text IS NULL THEN 'event_time'
            WHEN d.event_type IS NULL THEN 'event_type'
            WHEN d.article_id IS NULL THEN 'article_id'
            ELSE d.missing_for_type END
        WHEN 'bad_value' THEN d.bad_value_field
        WHEN 'bad_field' THEN d.bad_field
        WHEN 'bad_event_type' THEN 'event_type'
        WHEN 'bad_time' THEN 'event_time'
        WHEN 'bad_channel' THEN 'channel'
        WHEN 'future_time' THEN 'event_time'
    END,
    CASE WHEN d.reason <> 'blank' THEN d.raw END,
    CASE WHEN d.event_type IN ('view', 'engage', 'widget_view', 'widget_click') THEN d.page_view_id END,
    CASE WHEN d.event_type = 'engage' AND d.reason IS NULL THEN d.engaged_ms_number::BIGINT END,
    CASE WHEN d.event_type = 'engage' AND d.reason IS NULL THEN d.scroll_pct_number END,
    CASE WHEN d.event_type = 'engage' THEN coalesce(d.read_to_end_text IN ('true', '1'), false) END,
    CASE WHEN d.event_type IN ('widget_view', 'widget_click') THEN d.widget END,
    CASE WHEN d.event_type IN ('widget_view', 'widget_click') AND d.reason IS NULL
        THEN d.position_number::INTEGER END,
    CASE WHEN d.event_type = 'widget_click' THEN d.target_article_id END,
    d.url,
    source_key_hash(d.referrer_key, source_utm_source(d.url), source_utm_medium(d.url),
        source_utm_campaign(d.url), source_agent_key(d.referrer_key, d.user_agent))
FROM (SELECT *, source_referrer_key(referrer) AS referrer_key FROM judged) AS d
LEFT JOIN user_agents AS u ON u.user_agent = d.user_agent
