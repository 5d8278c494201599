-- The batch's valid landed rows (files $first_file_id..$last_file_id, not yet deduped) in the
-- lake's columns less the bot flag (Spark joins the classifier's verdicts), each with its row_id
-- in the landing table (the load order within a file: a JSON Lines row's `line` is numbered only
-- when it is rejected): what the Spark engine stages as Parquet for its dedupe and rollups
-- (etl/spark_engine.py).
SELECT rowid AS row_id, event_id, event_time, event_type, article_id, session_id, channel,
    referrer, user_agent, file_id, line, url, source_key, page_view_id, engaged_ms, scroll_pct,
    read_to_end, widget, position, target_article_id
FROM landed_events
WHERE file_id BETWEEN $first_file_id AND $last_file_id AND reason IS NULL
ORDER BY file_id, rowid
