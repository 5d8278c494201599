-- Every event of the view source_input with its traffic source: source_group, source_name and
-- campaign from its key's row of source_map. A LEFT JOIN on the whole key (unique in
-- source_map): no event is dropped or doubled; one whose key was not classified is 'other'.
WITH cut AS (
    SELECT *, source_referrer_key(referrer) AS source_referrer_key,
        source_utm_source(url) AS source_utm_source,
        source_utm_medium(url) AS source_utm_medium,
        source_utm_campaign(url) AS source_utm_campaign
    FROM source_input
)
SELECT c.* EXCLUDE (source_referrer_key, source_utm_source, source_utm_medium,
        source_utm_campaign),
    coalesce(m.source_group, 'other') AS source_group,
    coalesce(m.source_name, '(unclassified)') AS source_name,
    m.campaign
FROM cut AS c
LEFT JOIN source_map AS m
    ON m.referrer_key = c.source_referrer_key AND m.utm_source = c.source_utm_source
    AND m.utm_medium = c.source_utm_medium AND m.utm_campaign = c.source_utm_campaign
    AND m.agent_key = source_agent_key(c.source_referrer_key, c.user_agent)
