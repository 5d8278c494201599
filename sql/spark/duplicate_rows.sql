-- Spark's dedupe of a staged batch (etl/spark_job.py; DuckDB's is etl/find_duplicates.sql): the
-- rows of staged_events (the batch's valid rows, landed and validated by DuckDB) that repeat an
-- accepted event_id, as (row_id, late): a later occurrence within the batch (files in load
-- order, a file's rows in landing order, row_id), or an id already in the lake (lake_ids: event_id and
-- site day dt of the lake's files of the window's days and of the batch's days older than the
-- window). `late`: the repeated event's day is older than the window ($window_start), so only the
-- lake could tell. Written in DuckDB's dialect, rendered for Spark by sql/render.py.
WITH occurrences AS (
    SELECT row_id,
        row_number() OVER (PARTITION BY event_id ORDER BY file_id, row_id) AS occurrence
    FROM staged_events
),
seen_before AS (
    SELECT s.row_id, bool_or(h.dt < CAST($window_start AS DATE)) AS late
    FROM staged_events AS s
    JOIN lake_ids AS h ON h.event_id = s.event_id
    GROUP BY s.row_id
)
SELECT row_id, bool_or(late) AS late
FROM (
    SELECT row_id, false AS late FROM occurrences WHERE occurrence > 1
    UNION ALL
    SELECT row_id, late FROM seen_before
) AS found
GROUP BY row_id
