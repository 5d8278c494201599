-- The articles of reporter $author (a name as shown or an alias, NULL: any), with tag
-- $tag (any spelling, NULL: any), of edition $edition (NULL: any), from the temp tables
-- people.sql, article_edition.sql; an article without metadata matches no filter.
SELECT e.article_id
FROM article_edition AS e
WHERE ($edition IS NULL OR e.edition = $edition)
    AND ($author IS NULL OR e.article_id IN (
        SELECT article_id FROM article_people
        WHERE person_key = person_key(coalesce(($alias_people::VARCHAR[])[list_position(
            list_transform($alias_names::VARCHAR[], lambda n: person_key(n)), person_key($author))],
            $author))
    ))
    AND ($tag IS NULL OR e.article_id IN (
        SELECT article_id FROM article_tags WHERE tag_key = tag_key($tag)
    ))
ORDER BY e.article_id
