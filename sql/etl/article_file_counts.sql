-- For an article metadata file: records read, loaded (valid rows) and rejected.
SELECT count(*) AS records_read,
    count(*) FILTER (WHERE reason IS NULL) AS loaded,
    count(*) FILTER (WHERE reason IS NOT NULL) AS rejected
FROM checked_articles
