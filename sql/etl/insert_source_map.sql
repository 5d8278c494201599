-- Stores the classification of new source keys (from the frame new_sources: the five key
-- columns, source_group, source_name, campaign).
INSERT INTO source_map
SELECT source_key_hash(referrer_key, utm_source, utm_medium, utm_campaign, agent_key),
    referrer_key, utm_source, utm_medium, utm_campaign, agent_key, source_group, source_name,
    campaign
FROM new_sources
