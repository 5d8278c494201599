-- Schema version 12: hourly_articles, the rankings' counts in one row per site-time hour and
-- article (issue 19, point 2). `hourly` keeps a row per event type and share channel (235,641
-- rows at 10M events, 99,007 hours x articles); the rankings sum views, likes, comments and
-- shares per article over their windows, so this rollup holds exactly those sums, side by side.
-- Additive like hourly, and filled from the same batches (sql/rollup/hourly_articles.sql);
-- nothing about an article's metadata is in it (titles and sections join at read time).
CREATE TABLE hourly_articles (
    hour       TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    views      BIGINT NOT NULL,
    likes      BIGINT NOT NULL,
    comments   BIGINT NOT NULL,
    shares     BIGINT NOT NULL
);

-- Everything counted before this version, from hourly: its rows of the four counted types are
-- exactly the events this rollup counts (tests/test_hourly_articles.py checks the two agree).
INSERT INTO hourly_articles
SELECT hour, article_id,
    sum(CASE WHEN event_type = 'view' THEN events ELSE 0 END)::BIGINT,
    sum(CASE WHEN event_type = 'like' THEN events ELSE 0 END)::BIGINT,
    sum(CASE WHEN event_type = 'comment' THEN events ELSE 0 END)::BIGINT,
    sum(CASE WHEN event_type = 'share' THEN events ELSE 0 END)::BIGINT
FROM hourly
WHERE event_type IN ('view', 'like', 'comment', 'share')
GROUP BY hour, article_id
ORDER BY hour, article_id;
