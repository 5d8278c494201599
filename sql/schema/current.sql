-- Every table and view as the migrations (NNN_*.sql in this folder, applied in order) leave it:
-- read this file to see the warehouse; change the schema with a new migration, then update this
-- file. tests/test_schema.py applies the migrations to an empty database and checks that this
-- file creates the same tables, views, columns, types, defaults, constraints and sequences.
-- Nothing runs it.
--
-- Timestamps are TIMESTAMPTZ (absolute instants); hours and days are cut in the site time zone
-- by the connection's TimeZone setting. "Filled by" names the step that writes the table.

-- What a reader reads ----------------------------------------------------------------------------

-- Counted events (no bots) per site-time hour, article, type and share channel. Additive.
-- Read by the rankings (sql/rank/scores.sql) and the traffic pages (sql/dash/*.sql).
-- Filled by sql/rollup/hourly.sql.
CREATE TABLE hourly (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    channel    VARCHAR,
    events     BIGINT NOT NULL
);

-- Distinct readers: (hour, article key, session key) of counted views; a triple may repeat (an
-- hour delivered in two loads), every count over it is a distinct count.
-- Filled by sql/rollup/readers_by_article.sql.
CREATE TABLE readers_by_article (
    hour        TIMESTAMPTZ NOT NULL,
    article_key INTEGER NOT NULL,
    session_key INTEGER NOT NULL
);

-- (site-time day, session key) of counted views: the readers of whole days. Pairs may repeat.
-- Filled by sql/rollup/daily_readers.sql.
CREATE TABLE daily_readers (
    day         TIMESTAMPTZ NOT NULL,
    session_key INTEGER NOT NULL
);

-- Accepted events and bot events per site-time hour (additive): the bot share.
-- Filled by sql/rollup/hourly_bots.sql.
CREATE TABLE hourly_bots (
    hour   TIMESTAMPTZ NOT NULL,
    events BIGINT NOT NULL,
    bots   BIGINT NOT NULL
);

-- The session dictionary: each session id of a counted view gets a small integer once.
-- Filled by sql/rollup/sessions.sql.
CREATE TABLE sessions (
    session_key INTEGER NOT NULL,
    session_id  VARCHAR NOT NULL
);

-- The article dictionary: each article id of a counted view gets a small integer once.
-- Filled by sql/rollup/article_keys.sql.
CREATE TABLE article_keys (
    article_key INTEGER NOT NULL,
    article_id  VARCHAR NOT NULL
);

-- Article metadata; the latest delivery wins. Filled by sql/etl/upsert_articles.sql.
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

-- The newsroom's dimensions (sql/schema/008_newsroom_dimensions.sql): joined to the rollups when
-- read; aliases, generic bylines and default editions are applied then (sql/newsroom.py).
-- Filled by sql/etl/upsert_article_dimensions.sql.
CREATE TABLE article_authors (
    article_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    author     VARCHAR NOT NULL  -- as written (NFC, trimmed), byline order from 1
);

CREATE TABLE article_tags (
    article_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    tag        VARCHAR NOT NULL,  -- as first written (NFC, trimmed)
    tag_key    VARCHAR NOT NULL   -- matching key: NFC, lowercase, no leading '#'
);

CREATE TABLE article_editions (
    article_id     VARCHAR PRIMARY KEY,
    edition        VARCHAR,  -- as the metadata names it, lowercase; NULL: the config decides
    translation_of VARCHAR   -- the original's article_id (the other-language version)
);

-- The load's own records ---------------------------------------------------------------------

-- Accepted events (first occurrence of each event_id), bots included and flagged. A load lands
-- every line of its files here with its verdict (sql/etl/land_events.sql); before its second
-- transaction commits, the rejected lines move to `rejected` and the duplicates and blank lines
-- are deleted, so outside a load every row is an accepted event and reason, field and raw are
-- NULL. id_key = hash(event_id), the dedupe key (see key_hash).
CREATE TABLE events (
    event_id   VARCHAR,
    event_time TIMESTAMPTZ,
    event_type VARCHAR,                       -- view | like | share | comment
    article_id VARCHAR,
    session_id VARCHAR,
    channel    VARCHAR,                       -- only for shares
    referrer   VARCHAR,
    user_agent VARCHAR,
    is_bot     BOOLEAN,
    file_id    INTEGER NOT NULL,
    line       BIGINT,
    id_key     UBIGINT,
    reason     VARCHAR,
    field      VARCHAR,
    raw        VARCHAR
);

-- Every record that failed validation, with where it came from and why.
-- Filled by sql/etl/quarantine_landed.sql and sql/etl/quarantine_articles.sql.
CREATE TABLE rejected (
    file_id INTEGER NOT NULL,
    line    BIGINT NOT NULL,
    reason  VARCHAR NOT NULL,  -- malformed | missing_field | bad_event_type | bad_channel | bad_time | future_time
    field   VARCHAR,
    detail  VARCHAR,
    raw     VARCHAR
);

-- Each distinct user agent, classified once (etl/bots.py). Filled by sql/etl/insert_user_agents.sql.
CREATE TABLE user_agents (
    user_agent VARCHAR PRIMARY KEY,
    is_bot     BOOLEAN NOT NULL
);

-- What hash() gave when the dedupe keys were written: an upgraded DuckDB that hashes otherwise
-- makes the ETL recompute events.id_key first (sql/etl/key_hash_current.sql).
CREATE TABLE key_hash (
    probe VARCHAR NOT NULL,
    value UBIGINT NOT NULL
);

-- One row per ETL run; written when the run starts, completed when it ends
-- (sql/etl/start_run.sql, sql/etl/finish_run.sql).
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

-- The ledger of input files: a file whose content was loaded once is never loaded again
-- (sql/etl/record_file.sql, sql/etl/settle_file.sql).
CREATE SEQUENCE file_id_seq START 1;
CREATE TABLE files (
    file_id      INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL,
    path         VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,            -- events | articles
    size         BIGINT,                      -- NULL: the file vanished before it was read
    sha256       VARCHAR,
    status       VARCHAR NOT NULL,            -- landed | loaded | failed
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

-- `newsdash dismiss`: a person's decision that a failed file will not be loaded, and why
-- (sql/etl/dismiss_file.sql). Its content is then skipped if it comes back.
CREATE TABLE dismissed_files (
    file_id      INTEGER PRIMARY KEY,  -- the failed ledger entry (files.file_id)
    reason       VARCHAR NOT NULL,
    dismissed_at TIMESTAMPTZ NOT NULL
);

-- The failed files still to deal with: each file's latest failure (a later entry with the same
-- name or content replaces it) that no later entry loaded and nobody dismissed. `newsdash
-- status`, its --max-age check and the Data health page all read this one definition.
CREATE VIEW failed_files_to_deal_with AS
SELECT f.*
FROM files AS f
WHERE f.status = 'failed'
    AND f.file_id NOT IN (SELECT file_id FROM dismissed_files)
    AND NOT EXISTS (
        SELECT 1 FROM files AS later
        WHERE later.file_id > f.file_id AND (later.name = f.name OR later.sha256 = f.sha256)
    );

-- The migrations applied (sql/store.py: migrate).
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);
