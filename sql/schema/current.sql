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
-- Read by the traffic pages (sql/dash/*.sql) and the time-decayed rankings (sql/rank/scores.sql).
-- Filled by sql/rollup/hourly.sql.
CREATE TABLE hourly (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    channel    VARCHAR,
    events     BIGINT NOT NULL
);

-- Counted views, likes, comments and shares (no bots) per site-time hour and article, side by
-- side: for every hour and article exactly hourly's counts of those types. Additive. Read by the
-- rankings (sql/rank/scores.sql). Filled by sql/rollup/hourly_articles.sql; schema 12 filled it
-- from hourly.
CREATE TABLE hourly_articles (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    views      BIGINT NOT NULL,
    likes      BIGINT NOT NULL,
    comments   BIGINT NOT NULL,
    shares     BIGINT NOT NULL
);

-- Counted events (no bots) per minute, article, type and share channel, for the last two days
-- only (every run trims it: sql/ops/trim_minutely.sql). Additive: sum its rows. Read by the
-- Live page (sql/live/*.sql). Filled by sql/rollup/minutely.sql.
CREATE TABLE minutely (
    minute     TIMESTAMPTZ NOT NULL,
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

-- Counted views (no bots) per site-time hour, article and traffic source (etl/sources.py): the
-- source group, its name and the campaign (utm_campaign, or NULL). Additive; for every article
-- and hour its views sum to hourly's views. Views loaded before schema version 7 are the source
-- ('other', '(loaded before sources)'). Read by the Sources page (sql/sources/*.sql) and the
-- rankings filtered by source group (sql/rank/scores.sql). Filled by sql/rollup/hourly_sources.sql.
CREATE TABLE hourly_sources (
    hour         TIMESTAMPTZ NOT NULL,
    article_id   VARCHAR NOT NULL,
    source_group VARCHAR NOT NULL,  -- search | portal_news | social | messenger | internal | direct | campaign | other
    source_name  VARCHAR NOT NULL,
    campaign     VARCHAR,
    views        BIGINT NOT NULL
);

-- The source of each source key (the parts of an event its source depends on: the referrer up
-- to its host, the raw UTM values of the page URL, the user agent when the referrer is empty),
-- classified once by etl/sources.py with the [sources] rules of that load (a later change of
-- the rules applies to keys first seen after it). One row per key: joining events to it can
-- neither drop nor double one. Filled by sql/etl/insert_source_map.sql.
CREATE TABLE source_map (
    key_hash     UBIGINT PRIMARY KEY,  -- source_key_hash() of the five key columns (= landed_events.source_key, kept in the lake)
    referrer_key VARCHAR NOT NULL,
    utm_source   VARCHAR NOT NULL,
    utm_medium   VARCHAR NOT NULL,
    utm_campaign VARCHAR NOT NULL,
    agent_key    VARCHAR NOT NULL,
    source_group VARCHAR NOT NULL,
    source_name  VARCHAR NOT NULL,
    campaign     VARCHAR               -- utm_campaign, decoded
);

-- The per-page-view state: the largest engaged_ms and scroll_pct received, whether the end was
-- seen, and (once its view arrived) the view's site-time hour and article, and the box click
-- that led to it. hour NULL: an engage whose page view has not arrived (Data health counts
-- them; no figure does). Filled by sql/rollup/page_views.sql from page_view_changes.sql.
CREATE TABLE page_views (
    page_view_id VARCHAR NOT NULL,
    hour         TIMESTAMPTZ,
    article_id   VARCHAR,
    engaged_ms   BIGINT NOT NULL,
    scroll_pct   DOUBLE NOT NULL,
    read_to_end  BOOLEAN NOT NULL,
    widget       VARCHAR,
    position     INTEGER
);

-- Attention per site-time hour (of the view) and article: additive change rows (sum them).
-- engaged_ms is capped at 30 minutes a view. Filled by sql/rollup/attention_hourly.sql.
CREATE TABLE attention_hourly (
    hour          TIMESTAMPTZ NOT NULL,
    article_id    VARCHAR NOT NULL,
    engaged_views BIGINT NOT NULL,  -- views with engaged time above 0
    engaged_ms    BIGINT NOT NULL,
    read_to_end   BIGINT NOT NULL,
    scroll_25     BIGINT NOT NULL,  -- views whose largest scroll_pct reached 25
    scroll_50     BIGINT NOT NULL,
    scroll_75     BIGINT NOT NULL,
    scroll_90     BIGINT NOT NULL,
    scroll_100    BIGINT NOT NULL
);

-- Engaged views per hour, article and engaged-time bucket (lower bound in seconds: 0 holds
-- 0 < t < 5 s, ..., 1800 the capped), for the median: additive change rows (a view moving to
-- a higher bucket is -1 in its old one and +1 in its new one).
-- Filled by sql/rollup/attention_histogram.sql.
CREATE TABLE attention_histogram (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    bucket_s   INTEGER NOT NULL,
    views      BIGINT NOT NULL
);

-- The boxes per site-time hour, box and position: viewable impressions and clicks (hour of the
-- event), and the views those clicks sent with their engaged ms (hour of the view, capped):
-- additive change rows. Filled by sql/rollup/widget_hourly.sql.
CREATE TABLE widget_hourly (
    hour            TIMESTAMPTZ NOT NULL,
    widget          VARCHAR NOT NULL,
    position        INTEGER NOT NULL,
    viewable        BIGINT NOT NULL,
    clicks          BIGINT NOT NULL,
    sent_views      BIGINT NOT NULL,
    sent_engaged_ms BIGINT NOT NULL
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

-- The landing table of one load: every line of a batch lands here with the data contract's
-- verdict (sql/etl/land_events.sql); when the batch settles its accepted events go to the lake
-- (lake/events) and its rows leave, so outside a load it is empty. id_key = hash(event_id), the
-- dedupe key (see key_hash).
CREATE TABLE landed_events (
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
    raw        VARCHAR,
    url        VARCHAR,                       -- the page URL (its UTM parameters), when sent
    source_key UBIGINT,                       -- its traffic source: source_map.key_hash
    page_view_id      VARCHAR,  -- view, engage, widget_view, widget_click
    engaged_ms        BIGINT,   -- engage: cumulative for its page view
    scroll_pct        DOUBLE,   -- engage: the deepest scroll so far, 0-100
    read_to_end       BOOLEAN,  -- engage: the article end was seen
    widget            VARCHAR,  -- widget_view, widget_click: the box
    position          INTEGER,  -- widget_view, widget_click: 1-based
    target_article_id VARCHAR   -- widget_click: the article linked
);

-- hash(event_id) of the accepted events of the last [etl] dedupe_days site days (dt: the site day
-- of event_time): the dedupe's first look, confirmed on the id in the lake. Older keys are
-- deleted by every run.
CREATE TABLE event_keys (
    id_key UBIGINT NOT NULL,
    dt     DATE NOT NULL
);

-- The lake table versions this database's rollups and ledger describe (one row; none before the
-- first run). Readers read the lake at these versions; a run first rolls the lake back to them.
CREATE TABLE lake_state (
    events_version     BIGINT NOT NULL,
    quarantine_version BIGINT NOT NULL
);

-- Quarantined records per file and reason (every rejected line is in the lake's quarantine).
CREATE TABLE rejected_counts (
    file_id INTEGER NOT NULL,
    reason  VARCHAR NOT NULL,
    records BIGINT NOT NULL
);

-- Examples of records that failed validation, with where they came from and why: a load puts
-- every rejected line of a file here (sql/etl/quarantine_landed.sql, quarantine_articles.sql),
-- copies them to the lake's quarantine, counts them in rejected_counts and keeps only the first
-- few of each file and reason (sql/etl/keep_rejected_examples.sql).
CREATE TABLE rejected (
    file_id INTEGER NOT NULL,
    line    BIGINT NOT NULL,
    reason  VARCHAR NOT NULL,  -- malformed | missing_field | bad_field | bad_event_type | bad_value | bad_channel | bad_time | future_time
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
-- makes the ETL rebuild event_keys first (sql/etl/key_hash_current.sql).
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
    finished_at  TIMESTAMPTZ NOT NULL,
    late_duplicates BIGINT NOT NULL DEFAULT 0 -- duplicates of events older than the dedupe window
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

-- The counted box clicks (`dt`: the click's site day), so that a view loaded by a later batch
-- finds the click that sent it. Filled by sql/rollup/box_clicks.sql.
CREATE TABLE box_clicks (
    event_time        TIMESTAMPTZ NOT NULL,
    session_id        VARCHAR,
    target_article_id VARCHAR,
    widget            VARCHAR,
    position          INTEGER,
    dt                DATE NOT NULL
);

-- Which generation of the warehouse this file holds, and the journal of the run that made it
-- (one row; docs/lake.md, "Publishing the DuckDB side"). etl/journal.py reads and writes these.
CREATE TABLE publication (
    token      VARCHAR NOT NULL,
    base_token VARCHAR,
    journal    VARCHAR NOT NULL
);
CREATE TABLE journal_statements (
    seq    INTEGER NOT NULL,
    name   VARCHAR NOT NULL,
    text   VARCHAR NOT NULL,
    params BLOB NOT NULL
);
CREATE TABLE journal_inputs (
    seq  INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    rows BLOB NOT NULL
);
