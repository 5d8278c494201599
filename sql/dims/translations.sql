-- Article $article_id and its other-language versions: the article it translates and the
-- articles that translate it (translation_of), each with its edition and title; `mine` marks
-- the article itself. Only the article itself when nothing links it.
SELECT e.article_id, e.edition, a.title, a.url, e.article_id = $article_id AS mine
FROM article_edition AS e
JOIN articles AS a USING (article_id)
WHERE e.article_id = $article_id
    OR e.article_id = (SELECT translation_of FROM article_edition WHERE article_id = $article_id)
    OR e.translation_of = $article_id
ORDER BY mine DESC, e.edition, e.article_id
