-- The edition and translation_of of the valid rows of checked_articles (the last line of an
-- article in the file wins; a later file replaces what an earlier one said).
INSERT OR REPLACE INTO article_editions
SELECT article_id, edition, translation_of
FROM checked_articles
WHERE reason IS NULL
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY line DESC) = 1
