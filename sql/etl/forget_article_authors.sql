-- Forgets the authors of every article a valid row of checked_articles describes: the file's
-- byline replaces the one stored (insert_article_authors.sql writes it next).
DELETE FROM article_authors
WHERE article_id IN (SELECT article_id FROM checked_articles WHERE reason IS NULL)
