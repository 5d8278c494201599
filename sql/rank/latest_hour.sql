-- The start of the latest hour (site time) holding a counted event, or NULL when there is none.
SELECT max(hour) FROM hourly
