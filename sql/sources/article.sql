-- One article's counted views per traffic source (group, name), all time, most first.
SELECT source_group, source_name, sum(views)::BIGINT AS views
FROM hourly_sources
WHERE article_id = $article_id
GROUP BY ALL
ORDER BY views DESC, source_group, source_name
