-- Schema version 11: attention (engaged time, scroll depth, read to end) and the site's own
-- boxes (viewable impressions and clicks), issue 22. README "Attention and boxes" has the rules.
--
-- The contract's new fields on landed events, kept in the lake's events table (NULL where the
-- event type has none).
ALTER TABLE landed_events ADD COLUMN page_view_id VARCHAR;       -- view, engage, widget_view, widget_click
ALTER TABLE landed_events ADD COLUMN engaged_ms BIGINT;          -- engage: cumulative for its page view
ALTER TABLE landed_events ADD COLUMN scroll_pct DOUBLE;          -- engage: the deepest scroll so far, 0-100
ALTER TABLE landed_events ADD COLUMN read_to_end BOOLEAN;        -- engage: the article end was seen
ALTER TABLE landed_events ADD COLUMN widget VARCHAR;             -- widget_view, widget_click: the box
ALTER TABLE landed_events ADD COLUMN position INTEGER;           -- widget_view, widget_click: 1-based
ALTER TABLE landed_events ADD COLUMN target_article_id VARCHAR;  -- widget_click: the article linked

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
