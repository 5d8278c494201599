-- Splits raw_lines of an article metadata file into fields and checks them, into the temp table
-- checked_articles: `reason` NULL when valid. A published_at without an offset is site time.
-- A line the reader set aside (skipped_lines.sql: not UTF-8, too long) is malformed whatever its
-- excerpt holds; a field that is a JSON object or array, or longer than its [limits.chars]
-- limit, is a bad_field.
CREATE OR REPLACE TEMP TABLE checked_articles AS
WITH parsed AS (
    SELECT line, raw,
        CASE WHEN left(ltrim(raw), 1) = '{' AND line NOT IN (SELECT line FROM skipped_lines)
            THEN try(from_json(raw, '{
            "article_id": "VARCHAR", "title": "VARCHAR", "section": "VARCHAR",
            "subsection": "VARCHAR", "author": "VARCHAR", "published_at": "VARCHAR",
            "url": "VARCHAR"}')) END AS j
    FROM raw_lines
    WHERE raw IS NOT NULL AND trim(raw) <> ''
),
fields AS (
    SELECT line, raw, j IS NULL AS malformed,
        nullif(trim(j.article_id), '') AS article_id,
        nullif(trim(j.title), '') AS title,
        nullif(trim(j.section), '') AS section,
        nullif(trim(j.subsection), '') AS subsection,
        nullif(trim(j.author), '') AS author,
        nullif(trim(j.published_at), '') AS published_text,
        nullif(trim(j.url), '') AS url,
        CASE
            WHEN j IS NULL THEN NULL
            WHEN json_type(raw, '$.article_id') IN ('OBJECT', 'ARRAY') THEN 'article_id'
            WHEN json_type(raw, '$.title') IN ('OBJECT', 'ARRAY') THEN 'title'
            WHEN json_type(raw, '$.section') IN ('OBJECT', 'ARRAY') THEN 'section'
            WHEN json_type(raw, '$.subsection') IN ('OBJECT', 'ARRAY') THEN 'subsection'
            WHEN json_type(raw, '$.author') IN ('OBJECT', 'ARRAY') THEN 'author'
            WHEN json_type(raw, '$.published_at') IN ('OBJECT', 'ARRAY') THEN 'published_at'
            WHEN json_type(raw, '$.url') IN ('OBJECT', 'ARRAY') THEN 'url'
            WHEN length(j.article_id) > getvariable('limits').article_id THEN 'article_id'
            WHEN length(j.title) > getvariable('limits').title THEN 'title'
            WHEN length(j.section) > getvariable('limits').section THEN 'section'
            WHEN length(j.subsection) > getvariable('limits').section THEN 'subsection'
            WHEN length(j.author) > getvariable('limits').author THEN 'author'
            WHEN length(j.url) > getvariable('limits').url THEN 'url'
        END AS bad_field
    FROM parsed
)
SELECT line, raw, article_id, title, section, subsection, author,
    try_cast(published_text AS TIMESTAMPTZ) AS published_at, url,
    CASE
        WHEN malformed THEN 'malformed'
        WHEN article_id IS NULL THEN 'missing_field'
        WHEN bad_field IS NOT NULL THEN 'bad_field'
        WHEN published_text IS NOT NULL AND try_cast(published_text AS TIMESTAMPTZ) IS NULL
            THEN 'bad_time'
    END AS reason,
    CASE
        WHEN malformed THEN NULL
        WHEN article_id IS NULL THEN 'article_id'
        WHEN bad_field IS NOT NULL THEN bad_field
        WHEN published_text IS NOT NULL AND try_cast(published_text AS TIMESTAMPTZ) IS NULL
            THEN 'published_at'
    END AS field
FROM fields
