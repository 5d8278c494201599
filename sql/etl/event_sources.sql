-- Every event of the view source_input with its traffic source: source_group, source_name and
-- campaign from its key's row of source_map. A LEFT JOIN on the key (unique in source_map):
-- no event is dropped or doubled; one whose key was not classified is 'other'.
WITH cut AS (
    SELECT *, source_referrer_key(referrer) AS source_referrer_key FROM source_input
),
keyed AS (
    SELECT * EXCLUDE (source_referrer_key),
        source_key_hash(source_referrer_key, source_utm_source(url), source_utm_medium(url),
            source_utm_campaign(url), source_agent_key(source_referrer_key, user_agent))
            AS source_key_hash
    FROM cut
)
SELECT k.* EXCLUDE (source_key_hash),
    coalesce(m.source_group, 'other') AS source_group,
    coalesce(m.source_name, '(unclassified)') AS source_name,
    m.campaign
FROM keyed AS k
LEFT JOIN source_map AS m ON m.key_hash = k.source_key_hash
