-- Applies the batch's hourly delta rows (rollup_delta, from hourly.sql): the rollup is additive,
-- so a row for an hour, article, type and channel already counted adds to it (a late event only
-- adds to its own old hour); a new one is inserted.
MERGE INTO hourly AS h
USING rollup_delta AS d
ON h.hour = d.hour AND h.article_id = d.article_id AND h.event_type = d.event_type
    AND h.channel IS NOT DISTINCT FROM d.channel
WHEN MATCHED THEN UPDATE SET events = h.events + d.events
WHEN NOT MATCHED THEN INSERT VALUES (d.hour, d.article_id, d.event_type, d.channel, d.events)
