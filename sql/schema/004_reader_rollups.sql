-- Schema version 4: readers rollups shaped for the reads, so that distinct readers are counted
-- over small integers in rows clustered the way the dashboard and the rankings ask for them.
--
-- article_keys: each article id seen in a counted view gets a small integer once (like the
-- session dictionary of schema 3).
--
-- readers_by_article: (hour, article key, session key) of counted views, the readers triples
-- with an integer article: each load adds the distinct triples of its own events, sorted by
-- site-time day, then article, then hour, so that one article's rows of a day lie together.
-- A triple delivered in two loads is stored twice; every count over it is a distinct count.
--
-- daily_readers: (day, session key) pairs of counted views, `day` being the day's first
-- instant cut in site time like the hours of the other rollups: the readers of a period of
-- whole days (the dashboard's periods) from one row per reader and day. Pairs may repeat too.
CREATE TABLE article_keys (
    article_key INTEGER NOT NULL,
    article_id  VARCHAR NOT NULL
);
INSERT INTO article_keys
SELECT row_number() OVER (ORDER BY article_id)::INTEGER, article_id
FROM (SELECT DISTINCT article_id FROM hourly_readers);

CREATE TABLE readers_by_article (
    hour        TIMESTAMPTZ NOT NULL,
    article_key INTEGER NOT NULL,
    session_key INTEGER NOT NULL
);
-- Each stored hour is mapped to its site-time day once (`hour_days`, also used below).
CREATE TEMP TABLE hour_days AS
SELECT hour, date_trunc('day', hour) AS day
FROM (SELECT DISTINCT hour FROM hourly_readers);

INSERT INTO readers_by_article
SELECT hour, article_key, session_key
FROM (
    SELECT DISTINCT d.day, r.hour, k.article_key, r.session_key
    FROM hourly_readers AS r
    JOIN hour_days AS d USING (hour)
    JOIN article_keys AS k USING (article_id)
)
ORDER BY day, article_key, hour;

CREATE TABLE daily_readers (
    day         TIMESTAMPTZ NOT NULL,
    session_key INTEGER NOT NULL
);
INSERT INTO daily_readers
SELECT DISTINCT d.day, r.session_key
FROM hourly_readers AS r
JOIN hour_days AS d USING (hour)
ORDER BY 1, 2;

DROP TABLE hour_days;

-- The readers triples with a text article id are not read any more: readers_by_article holds
-- the same triples, and the ETL maintains only it.
DROP TABLE hourly_readers;
