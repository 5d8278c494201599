-- Stores the classification of new source keys (from the frame new_sources, columns as in
-- source_map).
INSERT INTO source_map
SELECT referrer_key, utm_source, utm_medium, utm_campaign, agent_key, source_group, source_name,
    campaign
FROM new_sources
