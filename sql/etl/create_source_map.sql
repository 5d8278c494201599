-- The traffic source of each source key classified (etl/sources.py fills it): one row per key,
-- which the primary key enforces, so that joining events to it can neither drop nor double an
-- event. The warehouse has it from schema version 7 (sql/schema/current.sql); a connection to
-- a database without it (a test's, a bench's) gets it here.
CREATE TABLE IF NOT EXISTS source_map (
    key_hash     UBIGINT PRIMARY KEY,  -- source_key_hash() of the five key columns
    referrer_key VARCHAR NOT NULL,
    utm_source   VARCHAR NOT NULL,
    utm_medium   VARCHAR NOT NULL,
    utm_campaign VARCHAR NOT NULL,
    agent_key    VARCHAR NOT NULL,
    source_group VARCHAR NOT NULL,  -- search | portal_news | social | messenger | internal | direct | campaign | other
    source_name  VARCHAR NOT NULL,
    campaign     VARCHAR            -- utm_campaign, decoded
)
