-- One article's readers, all time: distinct non-null session ids among its counted views
-- (from the readers rollup, which outlives raw-event retention).
SELECT count(DISTINCT session_id)::BIGINT AS readers
FROM hourly_readers
WHERE article_id = $article_id
