-- Source keys (etl/sources.py): the parts of an event its traffic source depends on, cut so that
-- millions of events share a few thousand keys. Each pattern is the one of the same name in
-- etl/sources.py; tests/test_sources.py checks that both cut every string alike. Never NULL.
-- source_referrer_key: the referrer up to the end of its host ('https://m.search.naver.com'),
-- its first character when it has no host ('/...', '?...'), '' when there is no referrer.
CREATE OR REPLACE TEMP MACRO source_referrer_key(referrer) AS
    coalesce(regexp_extract(referrer, '(?s)^(?:[^/?#]+(?://[^/?#]*)?|//[^/?#]*|.)'), '');
-- source_utm_*: the raw (percent-encoded) value of the first such parameter of the page URL.
CREATE OR REPLACE TEMP MACRO source_utm_source(url) AS
    CASE WHEN contains(url, 'utm_') THEN regexp_extract(url, '[?&]utm_source=([^&#]*)', 1) ELSE '' END;
CREATE OR REPLACE TEMP MACRO source_utm_medium(url) AS
    CASE WHEN contains(url, 'utm_') THEN regexp_extract(url, '[?&]utm_medium=([^&#]*)', 1) ELSE '' END;
CREATE OR REPLACE TEMP MACRO source_utm_campaign(url) AS
    CASE WHEN contains(url, 'utm_') THEN regexp_extract(url, '[?&]utm_campaign=([^&#]*)', 1) ELSE '' END;
-- source_agent_key: the user agent, only when the referrer is empty (in-app browsers).
CREATE OR REPLACE TEMP MACRO source_agent_key(referrer_key, user_agent) AS
    CASE WHEN referrer_key = '' THEN coalesce(user_agent, '') ELSE '' END;
-- source_key_hash: the whole key as one number, to join and group on (unique in source_map:
-- two keys of one hash would stop the insert, never share a row).
CREATE OR REPLACE TEMP MACRO source_key_hash(referrer_key, utm_source, utm_medium, utm_campaign,
        agent_key) AS
    hash(referrer_key, utm_source, utm_medium, utm_campaign, agent_key);
