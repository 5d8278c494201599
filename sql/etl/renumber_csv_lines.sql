-- After unreadable CSV rows were set aside, raw_lines numbers the readable rows 2, 3, ...
-- without gaps; this gives each its real line: the k-th line that was not set aside.
UPDATE raw_lines SET line = free.line
FROM (
    SELECT l AS line, row_number() OVER (ORDER BY l) + 1 AS ordinal
    FROM range(2, (SELECT count(*) FROM raw_lines) + (SELECT count(DISTINCT line) FROM csv_rejects) + 2) AS t(l)
    WHERE l NOT IN (SELECT line FROM csv_rejects)
) AS free
WHERE raw_lines.line = free.ordinal
