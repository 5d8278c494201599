-- Adds the counted views (no bots) of the load batch (files $first_file_id..$last_file_id) to the
-- sources rollup: per site-time hour, article and traffic source (group, name, campaign). The
-- USING query is the whole events -> rollup transform: each view's source is its source key's
-- row of source_map (a LEFT JOIN on a unique key: no view dropped or doubled; a key not
-- classified is 'other'). Additive like hourly.sql, and cut the same way (quarter hours of
-- absolute time first), so the views of every article and hour equal hourly's.
MERGE INTO hourly_sources AS s
USING (
    SELECT date_trunc('hour', to_timestamp(v.quarter * 900)) AS hour, v.article_id,
        coalesce(m.source_group, 'other') AS source_group,
        coalesce(m.source_name, '(unclassified)') AS source_name,
        m.campaign, sum(v.views)::BIGINT AS views
    FROM (
        SELECT floor(epoch_ms(event_time) / 900000)::BIGINT AS quarter, article_id, source_key,
            count(*) AS views
        FROM events
        WHERE file_id BETWEEN $first_file_id AND $last_file_id AND event_type = 'view'
            AND NOT is_bot
        GROUP BY ALL
    ) AS v
    LEFT JOIN source_map AS m ON m.key_hash = v.source_key
    GROUP BY ALL
) AS d
ON s.hour = d.hour AND s.article_id = d.article_id AND s.source_group = d.source_group
    AND s.source_name = d.source_name AND s.campaign IS NOT DISTINCT FROM d.campaign
WHEN MATCHED THEN UPDATE SET views = s.views + d.views
WHEN NOT MATCHED THEN INSERT VALUES (d.hour, d.article_id, d.source_group, d.source_name,
    d.campaign, d.views)
