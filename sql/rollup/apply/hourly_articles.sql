-- Applies the batch's hourly_articles delta rows (rollup_delta, from hourly_articles.sql): the
-- rollup is additive, so a row for an hour and article already counted adds to it (a late event
-- only adds to its own old hour); a new one is inserted.
MERGE INTO hourly_articles AS h
USING rollup_delta AS d
ON h.hour = d.hour AND h.article_id = d.article_id
WHEN MATCHED THEN UPDATE SET views = h.views + d.views, likes = h.likes + d.likes,
    comments = h.comments + d.comments, shares = h.shares + d.shares
WHEN NOT MATCHED THEN INSERT VALUES (d.hour, d.article_id, d.views, d.likes, d.comments, d.shares)
