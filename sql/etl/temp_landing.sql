-- The run's landing table: a temp table `landed_events` with the columns of the database table
-- of that name and no rows. Made once a run, after anything an older release left landed in
-- the database table is settled; from then on the unqualified name means the temp table, so a
-- batch's lines never reach the database file (etl/land.py).
CREATE TEMP TABLE IF NOT EXISTS landed_events AS SELECT * FROM landed_events LIMIT 0
