-- The distinct source keys of the events in the view source_input (referrer, url, user_agent)
-- that source_map does not hold yet.
WITH cut AS (
    SELECT source_referrer_key(referrer) AS referrer_key,
        source_utm_source(url) AS utm_source,
        source_utm_medium(url) AS utm_medium,
        source_utm_campaign(url) AS utm_campaign,
        user_agent
    FROM source_input
),
keys AS (
    SELECT DISTINCT referrer_key, utm_source, utm_medium, utm_campaign,
        source_agent_key(referrer_key, user_agent) AS agent_key
    FROM cut
)
SELECT k.referrer_key, k.utm_source, k.utm_medium, k.utm_campaign, k.agent_key
FROM keys AS k
ANTI JOIN source_map AS m
    ON m.key_hash = source_key_hash(k.referrer_key, k.utm_source, k.utm_medium, k.utm_campaign,
        k.agent_key)
