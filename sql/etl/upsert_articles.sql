-- Stores the valid rows of checked_articles from file $file_id; the last line of an article in
-- the file wins, and a later file replaces what an earlier one said (a retitled article).
-- `author` is the byline as one text, its authors joined with '; ' (article_authors holds each).
INSERT OR REPLACE INTO articles
SELECT article_id, title, section, subsection, author, published_at, url, $file_id, line
FROM checked_articles
WHERE reason IS NULL
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY line DESC) = 1
