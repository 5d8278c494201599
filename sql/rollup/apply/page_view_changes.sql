-- Keeps the batch's page-view changes (rollup_delta, from page_view_changes.sql) as a temp table
-- for the attention and box rollups that follow and for page_views.sql.
CREATE OR REPLACE TEMP TABLE page_view_changes AS SELECT * FROM rollup_delta
