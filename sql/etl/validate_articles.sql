-- Splits raw_lines of an article metadata file into fields and checks them, into the temp table
-- checked_articles: `reason` NULL when valid. A published_at without an offset is site time.
-- A line the reader set aside (skipped_lines.sql: not UTF-8, too long) is malformed whatever its
-- excerpt holds; a field that is a JSON object or array, or longer than its [limits.chars]
-- limit, is a bad_field.
-- `author` and `tags` name several: a text split on `;` (CSV, or JSON Lines) or a JSON array of
-- texts; each part is trimmed and NFC-normalised, empty parts dropped, and each must fit the
-- author (or, for a tag, the section) limit. `edition` is a language code such as ko or en
-- (stored lowercase); `translation_of` another article's id. `problem` says what is wrong with
-- one of these (quarantine_articles.sql shows it as the detail).
CREATE OR REPLACE TEMP TABLE checked_articles AS
WITH parsed AS (
    SELECT line, raw,
        CASE WHEN left(ltrim(raw), 1) = '{' AND line NOT IN (SELECT line FROM skipped_lines)
            THEN try(from_json(raw, '{
            "article_id": "VARCHAR", "title": "VARCHAR", "section": "VARCHAR",
            "subsection": "VARCHAR", "published_at": "VARCHAR", "url": "VARCHAR",
            "edition": "VARCHAR", "translation_of": "VARCHAR"}')) END AS j
    FROM raw_lines
    WHERE raw IS NOT NULL AND trim(raw) <> ''
),
listed AS (  -- only lines that are JSON objects (j): json_type() fails on any other text
    SELECT *,
        CASE WHEN j IS NOT NULL THEN many_of(raw, '$.author') END AS authors,
        CASE WHEN j IS NOT NULL THEN many_of(raw, '$.tags') END AS tags,
        CASE WHEN j IS NOT NULL THEN json_type(raw, '$.author') = 'ARRAY'
            AND NOT all_texts(raw, '$.author') END AS bad_authors,
        CASE WHEN j IS NOT NULL THEN json_type(raw, '$.tags') = 'ARRAY'
            AND NOT all_texts(raw, '$.tags') END AS bad_tags,
        CASE WHEN j IS NOT NULL THEN json_type(raw, '$.author') = 'OBJECT' END AS author_object,
        CASE WHEN j IS NOT NULL THEN json_type(raw, '$.tags') = 'OBJECT' END AS tags_object
    FROM parsed
),
fields AS (
    SELECT line, raw, j IS NULL AS malformed,
        nullif(trim(j.article_id), '') AS article_id,
        nullif(trim(j.title), '') AS title,
        nullif(trim(j.section), '') AS section,
        nullif(trim(j.subsection), '') AS subsection,
        authors, tags,
        nullif(array_to_string(authors, '; '), '') AS author,
        nullif(trim(j.published_at), '') AS published_text,
        nullif(trim(j.url), '') AS url,
        nullif(lower(trim(j.edition)), '') AS edition,
        nullif(trim(j.translation_of), '') AS translation_of,
        CASE
            WHEN j IS NULL THEN NULL
            WHEN json_type(raw, '$.article_id') IN ('OBJECT', 'ARRAY') THEN 'article_id'
            WHEN json_type(raw, '$.title') IN ('OBJECT', 'ARRAY') THEN 'title'
            WHEN json_type(raw, '$.section') IN ('OBJECT', 'ARRAY') THEN 'section'
            WHEN json_type(raw, '$.subsection') IN ('OBJECT', 'ARRAY') THEN 'subsection'
            WHEN author_object OR bad_authors THEN 'author'
            WHEN tags_object OR bad_tags THEN 'tags'
            WHEN json_type(raw, '$.published_at') IN ('OBJECT', 'ARRAY') THEN 'published_at'
            WHEN json_type(raw, '$.url') IN ('OBJECT', 'ARRAY') THEN 'url'
            WHEN json_type(raw, '$.edition') IN ('OBJECT', 'ARRAY') THEN 'edition'
            WHEN json_type(raw, '$.translation_of') IN ('OBJECT', 'ARRAY') THEN 'translation_of'
            WHEN length(j.article_id) > getvariable('limits').article_id THEN 'article_id'
            WHEN length(j.title) > getvariable('limits').title THEN 'title'
            WHEN length(j.section) > getvariable('limits').section THEN 'section'
            WHEN length(j.subsection) > getvariable('limits').section THEN 'subsection'
            WHEN list_max(list_transform(authors, lambda x: length(x)))
                > getvariable('limits').author THEN 'author'
            WHEN list_max(list_transform(tags, lambda x: length(x)))
                > getvariable('limits').section THEN 'tags'
            WHEN length(j.url) > getvariable('limits').url THEN 'url'
            WHEN NOT regexp_full_match(lower(trim(j.edition)), '[a-z]{2,3}([-_][a-z0-9]{2,8})?')
                AND trim(j.edition) <> '' THEN 'edition'
            WHEN length(j.translation_of) > getvariable('limits').article_id THEN 'translation_of'
            WHEN trim(j.translation_of) = trim(j.article_id) THEN 'translation_of'
        END AS bad_field
    FROM listed
)
SELECT line, raw, article_id, title, section, subsection, author, authors, tags,
    try_cast(published_text AS TIMESTAMPTZ) AS published_at, url, edition, translation_of,
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
    END AS field,
    CASE bad_field
        WHEN 'author' THEN CASE WHEN json_type(raw, '$.author') IN ('OBJECT', 'ARRAY')
            THEN 'author is a JSON ' || lower(json_type(raw, '$.author'))
                || ', not a text or an array of texts' END
        WHEN 'tags' THEN CASE WHEN json_type(raw, '$.tags') IN ('OBJECT', 'ARRAY')
            THEN 'tags is a JSON ' || lower(json_type(raw, '$.tags'))
                || ', not a text or an array of texts'
            ELSE 'a tag is longer than its limit ([limits.chars] section)' END
        WHEN 'edition' THEN CASE WHEN json_type(raw, '$.edition') NOT IN ('OBJECT', 'ARRAY')
            THEN 'edition is not a language code such as ko or en' END
        WHEN 'translation_of' THEN CASE WHEN trim(json_extract_string(raw, '$.translation_of'))
                = article_id THEN 'translation_of names the article itself' END
    END AS problem
FROM fields
