-- Applies the batch's sources delta rows (rollup_delta, from hourly_sources.sql): additive, so a
-- row for an hour, article and source already counted adds to it; a new one is inserted.
MERGE INTO hourly_sources AS s
USING rollup_delta AS d
ON s.hour = d.hour AND s.article_id = d.article_id AND s.source_group = d.source_group
    AND s.source_name = d.source_name AND s.campaign IS NOT DISTINCT FROM d.campaign
WHEN MATCHED THEN UPDATE SET views = s.views + d.views
WHEN NOT MATCHED THEN INSERT VALUES (d.hour, d.article_id, d.source_group, d.source_name,
    d.campaign, d.views)
