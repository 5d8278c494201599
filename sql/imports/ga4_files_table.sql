-- The GA4 files whose rows are all in ga4_hits (by content: sha256, 16 hex digits), each added
-- once the file's last row was: a file imported again adds no row. (A killed import's rows are
-- added again by the rerun: ga4_engaged_page_views.sql reads each row once.)
CREATE TABLE IF NOT EXISTS ga4_files (file_key VARCHAR PRIMARY KEY, rows BIGINT NOT NULL)
