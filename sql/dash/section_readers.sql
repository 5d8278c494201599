-- Readers per parent section in [$start, $end): distinct non-null session ids among counted
-- views, for the chosen $sections (empty list: all). A reader of two sections counts in both.
-- From readers_by_article (hour × article key × session key of counted views; triples may
-- repeat): each section's sessions become a bitstring of session keys, its readers the bits
-- set (exact, and several times cheaper than a hashed count(DISTINCT)), each bitstring over
-- [$first_key, $last_key] (rank/session_key_range.sql: sized without statistics of the joined
-- rows, a fifth less CPU at 10M). Article keys are mapped to a small section number first, so
-- each triple meets one join on integers.
-- Only the articles of edition $edition (NULL: every edition), from the temp table
-- article_edition (sql/dimensions.py prepares it).
WITH art AS (
    SELECT article_id, edition, coalesce(nullif(section, ''), '(no section)') AS section,
        nullif(subsection, '') AS subsection
    FROM articles
    LEFT JOIN article_edition USING (article_id)
),
chosen AS (
    SELECT k.article_key, coalesce(a.section, '(unknown article)') AS section
    FROM article_keys AS k
    LEFT JOIN art AS a USING (article_id)
    WHERE in_sections($sections::VARCHAR[], a.section, a.subsection)
    AND in_edition($edition::VARCHAR, a.edition)
),
numbered AS (
    SELECT section, row_number() OVER (ORDER BY section)::INTEGER AS n
    FROM (SELECT DISTINCT section FROM chosen)
),
counted AS (
    SELECT m.n, bit_count(bitstring_agg(r.session_key, $first_key, $last_key))::BIGINT AS readers
    FROM readers_by_article AS r
    JOIN (SELECT article_key, n FROM chosen JOIN numbered USING (section)) AS m
        USING (article_key)
    WHERE r.hour >= $start AND r.hour < $end
    GROUP BY m.n
)
SELECT s.section, c.readers
FROM counted AS c
JOIN numbered AS s USING (n)
