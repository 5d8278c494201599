-- Forgets the tags of every article a valid row of checked_articles describes: the file's tags
-- replace the ones stored (insert_article_tags.sql writes them next).
DELETE FROM article_tags
WHERE article_id IN (SELECT article_id FROM checked_articles WHERE reason IS NULL)
