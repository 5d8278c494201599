-- Quarantines the invalid rows of checked_events for file $file_id, with reason, field and raw text.
INSERT INTO rejected (file_id, line, reason, field, detail, raw)
SELECT $file_id, line, reason, field,
    CASE reason
        WHEN 'malformed' THEN 'not a JSON object / CSV row'
        WHEN 'missing_field' THEN field || ' is missing or empty'
        WHEN 'bad_event_type' THEN 'event_type ' || event_type || ' is not view, like, share or comment'
        WHEN 'bad_time' THEN 'event_time is not ISO-8601 with a UTC offset nor epoch milliseconds'
        WHEN 'bad_channel' THEN 'share channel ' || coalesce(channel, '(none)') || ' is not a known channel'
        WHEN 'future_time' THEN 'event_time is more than a day after the load'
    END,
    raw
FROM checked_events
WHERE reason IS NOT NULL
