-- Each tag of the valid rows of checked_articles (the last line of an article in the file
-- wins) as first written, with its matching key: NFC, lowercase, leading '#' removed. Tags with
-- the same key in one article are one tag, shown as first written; a tag that is only '#' is
-- dropped.
WITH latest AS (
    SELECT article_id, tags
    FROM checked_articles
    WHERE reason IS NULL
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY line DESC) = 1
),
each AS (
    SELECT article_id, unnest(tags) AS tag, generate_subscripts(tags, 1) AS given
    FROM latest
),
keyed AS (
    SELECT article_id, tag, given, tag_key(tag) AS tag_key
    FROM each
    WHERE tag_key(tag) <> ''
    QUALIFY row_number() OVER (PARTITION BY article_id, tag_key(tag) ORDER BY given) = 1
)
INSERT INTO article_tags
SELECT article_id, row_number() OVER (PARTITION BY article_id ORDER BY given), tag, tag_key
FROM keyed
