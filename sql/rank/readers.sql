-- Distinct readers of each article in $article_ids over [$window_start, $window_end): distinct
-- non-null session ids among counted (non-bot) views. Readers do not add up across hours, so
-- they come from readers_by_article (hour × article key × session key triples, which may
-- repeat), which outlives the raw events; windows are whole hours, so the count is exact.
-- Each article's sessions are counted as the bits set in a bitstring of session keys (exact,
-- and several times cheaper than a hashed count(DISTINCT)); only the window's hours are read.
WITH wanted AS (
    SELECT article_key, article_id
    FROM article_keys
    WHERE article_id IN (SELECT unnest($article_ids::VARCHAR[]))
)
SELECT w.article_id, c.readers
FROM (
    SELECT article_key, bit_count(bitstring_agg(session_key))::BIGINT AS readers
    FROM readers_by_article
    WHERE hour >= $window_start AND hour < $window_end
        AND article_key IN (SELECT article_key FROM wanted)
    GROUP BY article_key
) AS c
JOIN wanted AS w USING (article_key)
