-- Events per article, site hour and traffic source, from the view source_input (article_id,
-- event_time, referrer, url, user_agent: the caller's view chooses which events count). Events
-- are first counted per key (one number per event, no join), then each count is given its key's
-- source (LEFT JOIN, unique key: nothing dropped or doubled; an unclassified key is 'other').
WITH cut AS (
    SELECT article_id, event_time, url, user_agent,
        source_referrer_key(referrer) AS referrer_key
    FROM source_input
),
per_key AS (
    SELECT article_id, date_trunc('hour', event_time) AS hour,
        source_key_hash(referrer_key, source_utm_source(url), source_utm_medium(url),
            source_utm_campaign(url), source_agent_key(referrer_key, user_agent)) AS key_hash,
        count(*) AS events
    FROM cut
    GROUP BY ALL
)
SELECT p.article_id, p.hour,
    coalesce(m.source_group, 'other') AS source_group,
    coalesce(m.source_name, '(unclassified)') AS source_name,
    m.campaign,
    sum(p.events) AS events
FROM per_key AS p
LEFT JOIN source_map AS m ON m.key_hash = p.key_hash
GROUP BY ALL
