-- Each author of the valid rows of checked_articles (the last line of an article in the file
-- wins), in byline order; a name given twice in one byline is kept once.
WITH latest AS (
    SELECT article_id, authors
    FROM checked_articles
    WHERE reason IS NULL
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY line DESC) = 1
),
each AS (
    SELECT article_id, unnest(authors) AS author, generate_subscripts(authors, 1) AS given
    FROM latest
)
INSERT INTO article_authors
SELECT article_id, row_number() OVER (PARTITION BY article_id ORDER BY given), author
FROM each
QUALIFY row_number() OVER (PARTITION BY article_id, author ORDER BY given) = 1
