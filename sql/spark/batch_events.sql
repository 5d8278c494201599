-- The batch's accepted events on Spark (etl/spark_job.py; DuckDB's is etl/batch_events.sql): the
-- staged rows (staged_events) less the duplicates Spark found (duplicate_rows), each flagged a
-- bot by the user-agent classifier's verdict (batch_agents: user_agent, is_bot; the broadcast
-- table of the batch's distinct user agents, classified by etl/bots.py on the DuckDB side). An
-- event without a user agent is not a bot. The columns of batch_events, what every rollup reads.
SELECT e.event_id, e.event_time, e.event_type, e.article_id, e.session_id, e.channel,
    e.referrer, e.user_agent,
    CASE WHEN e.user_agent IS NULL THEN false ELSE coalesce(a.is_bot, false) END AS is_bot,
    e.file_id, e.line, e.url, e.source_key, e.page_view_id, e.engaged_ms, e.scroll_pct,
    e.read_to_end, e.widget, e.position, e.target_article_id
FROM staged_events AS e
LEFT JOIN batch_agents AS a ON a.user_agent = e.user_agent
ANTI JOIN duplicate_rows AS d ON d.row_id = e.row_id
