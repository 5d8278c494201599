-- Every section and subsection name in the article metadata, one a row, sorted.
SELECT DISTINCT name
FROM (
    SELECT section AS name FROM articles
    UNION ALL
    SELECT subsection FROM articles
)
WHERE name IS NOT NULL
ORDER BY name
