-- Quarantines the invalid rows of checked_articles for file $file_id.
INSERT INTO rejected (file_id, line, reason, field, detail, raw)
SELECT $file_id, line, reason, field,
    CASE reason
        WHEN 'malformed' THEN 'not a JSON object / CSV row'
        WHEN 'missing_field' THEN 'article_id is missing or empty'
        WHEN 'bad_time' THEN 'published_at is not a date and time'
    END,
    raw
FROM checked_articles
WHERE reason IS NOT NULL
