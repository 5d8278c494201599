-- The importer's own record of the GA4 rows that say where engaged time belongs (a DuckDB file
-- in [import] state_dir, not the warehouse): every page_view of a session (an article's or
-- not: a page_view's engagement_time_msec belongs to the page before it), and every other row
-- of an article page that carries engagement_time_msec or is a scroll. Kept across imports,
-- so a session split over two export files (one day each) is attributed whole, whichever file
-- comes first. session: a keyed hash of user_pseudo_id + ga_session_id; row_key: 64 bits of the
-- row's derived event id (unique within its session). No index (it would have to sit in memory
-- and grow with the history): a file's rows are added once (ga4_files), and a row stored twice
-- (two files share it, a killed import's rerun) is read once (ga4_engaged_page_views.sql);
-- page_view_id: a page_view's whole event id, NULL for other rows; location: a hash of
-- page_location.
CREATE TABLE IF NOT EXISTS ga4_hits (
    session UBIGINT NOT NULL,
    row_key UBIGINT NOT NULL,
    page_view_id VARCHAR,
    ts BIGINT NOT NULL,
    batch_page BIGINT,
    batch_order BIGINT,
    batch_index BIGINT,
    location UBIGINT NOT NULL,
    article_id VARCHAR,
    engaged_ms BIGINT NOT NULL,
    scroll_pct UTINYINT NOT NULL
)
