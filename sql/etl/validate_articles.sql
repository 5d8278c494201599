-- Splits raw_lines of an article metadata file into fields and checks them, into the temp table
-- checked_articles: `reason` NULL when valid. A published_at without an offset is site time.
CREATE OR REPLACE TEMP TABLE checked_articles AS
WITH parsed AS (
    SELECT line, raw,
        CASE WHEN left(ltrim(raw), 1) = '{' THEN try(from_json(raw, '{
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
        nullif(trim(j.url), '') AS url
    FROM parsed
)
SELECT line, raw, article_id, title, section, subsection, author,
    try_cast(published_text AS TIMESTAMPTZ) AS published_at, url,
    CASE
        WHEN malformed THEN 'malformed'
        WHEN article_id IS NULL THEN 'missing_field'
        WHEN published_text IS NOT NULL AND try_cast(published_text AS TIMESTAMPTZ) IS NULL
            THEN 'bad_time'
    END AS reason,
    CASE
        WHEN malformed THEN NULL
        WHEN article_id IS NULL THEN 'article_id'
        WHEN published_text IS NOT NULL AND try_cast(published_text AS TIMESTAMPTZ) IS NULL
            THEN 'published_at'
    END AS field
FROM fields
