-- Distinct readers of each article key in $article_keys over [$window_start, $window_end):
-- distinct non-null session ids among counted (non-bot) views. Readers do not add up across
-- hours, so they come from readers_by_article (hour × article key × session key triples, which
-- may repeat), which outlives the raw events; windows are whole hours, so the count is exact.
-- Each article's sessions are counted as the bits set in a bitstring of session keys over
-- [$first_key, $last_key] (rank/session_key_range.sql; exact, and several times cheaper than a
-- hashed count(DISTINCT)); only the window's hours are read. The keys are a constant list
-- (rank/article_keys.sql), tested on each triple as it is scanned: a semi join against them
-- cost a fifth more CPU at 10M.
SELECT article_key, bit_count(bitstring_agg(session_key, $first_key, $last_key))::BIGINT AS readers
FROM readers_by_article
WHERE hour >= $window_start AND hour < $window_end
    AND list_contains($article_keys::INTEGER[], article_key)
GROUP BY article_key
