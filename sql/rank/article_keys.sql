-- The article dictionary's key of each article id in $article_ids that has one (an article
-- with no counted view has none, and no readers): article_id, article_key.
SELECT article_id, article_key
FROM article_keys
WHERE list_contains($article_ids::VARCHAR[], article_id)
