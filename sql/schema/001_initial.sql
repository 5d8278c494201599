-- Schema version 1: the warehouse. Timestamps are TIMESTAMPTZ (absolute instants); hours and
-- days are cut in the site time zone by the connection's TimeZone setting.

CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);

-- One row per ETL run; written when the run starts, completed when it ends.
CREATE SEQUENCE run_id_seq START 1;
CREATE TABLE runs (
    run_id        INTEGER PRIMARY KEY DEFAULT nextval('run_id_seq'),
    started       TIMESTAMPTZ NOT NULL,
    finished      TIMESTAMPTZ,
    status        VARCHAR NOT NULL,          -- running | ok | partial | failed
    files         INTEGER NOT NULL DEFAULT 0, -- files loaded or failed in this run
    failed_files  INTEGER NOT NULL DEFAULT 0,
    skipped_files INTEGER NOT NULL DEFAULT 0, -- already loaded (same content)
    records_read  BIGINT NOT NULL DEFAULT 0,
    loaded        BIGINT NOT NULL DEFAULT 0,
    duplicates    BIGINT NOT NULL DEFAULT 0,
    rejected      BIGINT NOT NULL DEFAULT 0,
    bots          BIGINT NOT NULL DEFAULT 0,
    message       VARCHAR
);

-- The ledger of input files: a file whose content was loaded once is never loaded again.
CREATE SEQUENCE file_id_seq START 1;
CREATE TABLE files (
    file_id      INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL,
    path         VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,            -- events | articles
    size         BIGINT NOT NULL,
    sha256       VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,            -- loaded | failed
    reason       VARCHAR,                     -- why a file failed
    records_read BIGINT NOT NULL DEFAULT 0,
    loaded       BIGINT NOT NULL DEFAULT 0,
    duplicates   BIGINT NOT NULL DEFAULT 0,
    rejected     BIGINT NOT NULL DEFAULT 0,
    bots         BIGINT NOT NULL DEFAULT 0,
    first_event  TIMESTAMPTZ,
    last_event   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ NOT NULL
);

-- Accepted events (first occurrence of each event_id), bots included and flagged.
CREATE TABLE events (
    event_id   VARCHAR NOT NULL,
    event_time TIMESTAMPTZ NOT NULL,
    event_type VARCHAR NOT NULL,              -- view | like | share | comment
    article_id VARCHAR NOT NULL,
    session_id VARCHAR,
    channel    VARCHAR,                       -- only for shares
    referrer   VARCHAR,
    user_agent VARCHAR,
    is_bot     BOOLEAN NOT NULL,
    file_id    INTEGER NOT NULL,
    line       BIGINT NOT NULL
);

-- Every record that failed validation, with where it came from and why.
CREATE TABLE rejected (
    file_id INTEGER NOT NULL,
    line    BIGINT NOT NULL,
    reason  VARCHAR NOT NULL,  -- malformed | missing_field | bad_event_type | bad_channel | bad_time | future_time
    field   VARCHAR,
    detail  VARCHAR,
    raw     VARCHAR
);

-- Each distinct user agent, classified once.
CREATE TABLE user_agents (
    user_agent VARCHAR PRIMARY KEY,
    is_bot     BOOLEAN NOT NULL
);

-- Counted events (no bots) per site-time hour, article, type and share channel. Additive.
CREATE TABLE hourly (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    channel    VARCHAR,
    events     BIGINT NOT NULL
);

-- Article metadata; the latest delivery wins.
CREATE TABLE articles (
    article_id   VARCHAR PRIMARY KEY,
    title        VARCHAR,
    section      VARCHAR,
    subsection   VARCHAR,
    author       VARCHAR,
    published_at TIMESTAMPTZ,
    url          VARCHAR,
    file_id      INTEGER NOT NULL,
    line         BIGINT NOT NULL
);
