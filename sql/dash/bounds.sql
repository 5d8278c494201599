-- The span of counted traffic in the hourly rollup: first and last hour (site time) and the
-- number of rollup rows (0 on a database with nothing counted yet). One row.
SELECT min(hour) AS first_hour, max(hour) AS last_hour, count(*) AS rollup_rows
FROM hourly
