-- Schema version 7: traffic sources (issue 17). Every event keeps its page URL and its source
-- key (landed here, kept in the lake's events table); each distinct key is classified once
-- (etl/sources.py) into source_map, so an event's source group and name are its key's row of
-- source_map; counted views are rolled up per hour, article and source into
-- hourly_sources.
ALTER TABLE landed_events ADD COLUMN url VARCHAR;
ALTER TABLE landed_events ADD COLUMN source_key UBIGINT;

CREATE TABLE source_map (
    key_hash     UBIGINT PRIMARY KEY,
    referrer_key VARCHAR NOT NULL,
    utm_source   VARCHAR NOT NULL,
    utm_medium   VARCHAR NOT NULL,
    utm_campaign VARCHAR NOT NULL,
    agent_key    VARCHAR NOT NULL,
    source_group VARCHAR NOT NULL,
    source_name  VARCHAR NOT NULL,
    campaign     VARCHAR
);

CREATE TABLE hourly_sources (
    hour         TIMESTAMPTZ NOT NULL,
    article_id   VARCHAR NOT NULL,
    source_group VARCHAR NOT NULL,
    source_name  VARCHAR NOT NULL,
    campaign     VARCHAR,
    views        BIGINT NOT NULL
);

-- Views counted before this version were never classified: they stay in the sources rollup as
-- one source of their own, so that sources still sum to the views of every article and hour.
INSERT INTO hourly_sources
SELECT hour, article_id, 'other', '(loaded before sources)', NULL, sum(events)::BIGINT
FROM hourly
WHERE event_type = 'view'
GROUP BY ALL;
