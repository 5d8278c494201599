-- One article's readers, all time: distinct non-null session ids among its counted views
-- (from readers_by_article, which outlives raw-event retention; a triple may repeat, so the
-- sessions are counted distinct: one bit per session key). One row, 0 for an unknown id.
SELECT coalesce(bit_count(bitstring_agg(session_key)), 0)::BIGINT AS readers
FROM readers_by_article
WHERE article_key IN (SELECT article_key FROM article_keys WHERE article_id = $article_id)
