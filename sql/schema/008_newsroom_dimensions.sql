-- Schema version 8: the newsroom's own dimensions (issue 23), small tables beside `articles`,
-- filled from the same metadata files and joined to the rollups when read, so metadata that
-- arrives late (or changes) never needs a re-rollup. What the config decides (author aliases,
-- generic bylines, the edition of an article that names none) is applied when read too
-- (sql/newsroom.py), so a config change needs no reload either.

-- Each author of an article as written (NFC, trimmed), in byline order (position from 1; one
-- row per (article_id, position), kept so by the load: etl/verify.py checks single-column keys).
CREATE TABLE article_authors (
    article_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    author     VARCHAR NOT NULL
);

-- Each tag of an article as first written (NFC, trimmed) and its matching key (NFC, lowercase,
-- no leading `#`): #Samsung and samsung are one tag.
CREATE TABLE article_tags (
    article_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    tag        VARCHAR NOT NULL,
    tag_key    VARCHAR NOT NULL
);

-- The edition an article's metadata names (lowercase, e.g. ko, en; NULL: the config decides)
-- and the article it translates (`translation_of`, the original's article_id), if any.
CREATE TABLE article_editions (
    article_id     VARCHAR PRIMARY KEY,
    edition        VARCHAR,
    translation_of VARCHAR
);
