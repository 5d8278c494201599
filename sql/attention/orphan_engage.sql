-- Page views with engage events whose view never arrived (kept, counted in no figure): for
-- Data health.
SELECT count(*) FROM page_views WHERE hour IS NULL
