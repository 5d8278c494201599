-- Readers in [$start, $end) of the chosen $sections (empty list: all; a parent section includes
-- its subsections; "(unknown article)" chooses the articles without metadata): distinct
-- non-null session ids among counted views of those articles, from readers_by_article (hour ×
-- article key × session key triples, which may repeat; the period is whole hours), counted as
-- the bits set in a bitstring of session keys (exact, and several times cheaper than a hashed
-- count(DISTINCT)). The chosen articles' keys are found first, so the triples meet a small
-- semi join on integers.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
),
chosen AS (
    SELECT k.article_key
    FROM article_keys AS k
    LEFT JOIN art AS a USING (article_id)
    WHERE in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
)
SELECT coalesce(bit_count(bitstring_agg(session_key)), 0)::BIGINT AS readers
FROM readers_by_article
WHERE hour >= $start AND hour < $end AND article_key IN (SELECT article_key FROM chosen)
