-- Quarantines the invalid rows of checked_articles for file $file_id.
INSERT INTO rejected (file_id, line, reason, field, detail, raw)
SELECT $file_id, c.line, c.reason, c.field,
    CASE c.reason
        WHEN 'malformed' THEN coalesce(s.detail, 'not a JSON object / CSV row')
        WHEN 'missing_field' THEN 'article_id is missing or empty'
        WHEN 'bad_field' THEN CASE
            WHEN c.problem IS NOT NULL THEN c.problem
            WHEN json_type(c.raw, '$.' || c.field) IN ('OBJECT', 'ARRAY')
                THEN c.field || ' is a JSON ' || lower(json_type(c.raw, '$.' || c.field))
                    || ', not text'
            ELSE c.field || ' is longer than its limit ([limits.chars] '
                || CASE c.field WHEN 'subsection' THEN 'section' ELSE c.field END || ')'
            END
        WHEN 'bad_time' THEN 'published_at is not a date and time'
    END,
    c.raw
FROM checked_articles AS c
LEFT JOIN skipped_lines AS s USING (line)
WHERE c.reason IS NOT NULL
