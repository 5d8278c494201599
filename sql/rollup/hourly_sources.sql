-- The batch's counted views (batch_events, no bots) per site-time hour, article and traffic
-- source (group, name, campaign): delta rows for `hourly_sources` (applied by
-- apply/hourly_sources.sql, additive). Each view's source is its source key's row of source_map
-- (a LEFT JOIN on a unique key: no view dropped or doubled; a key not classified is 'other').
-- Cut like hourly.sql (quarter hours of absolute time first), so the views of every article and
-- hour equal hourly's.
SELECT site_hour(to_timestamp(v.quarter * 900)) AS hour, v.article_id,
    coalesce(m.source_group, 'other') AS source_group,
    coalesce(m.source_name, '(unclassified)') AS source_name,
    m.campaign, sum(v.views)::BIGINT AS views
FROM (
    SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, article_id, source_key,
        count(*) AS views
    FROM batch_events
    WHERE event_type = 'view' AND NOT is_bot
    GROUP BY ALL
) AS v
LEFT JOIN source_map AS m ON m.key_hash = v.source_key
GROUP BY ALL
