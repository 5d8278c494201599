-- Articles matching the search text $q: the title contains it (case-insensitive, both sides
-- NFC-normalised so Korean typed on any system matches) or the id contains it. Articles seen
-- in traffic without metadata are found by id. Exact id first, then by all-time views; at
-- most $limit rows.
WITH views AS (
    SELECT article_id, sum(events)::BIGINT AS views
    FROM hourly
    WHERE event_type = 'view'
    GROUP BY 1
),
candidates AS (
    SELECT coalesce(a.article_id, v.article_id) AS article_id, a.title,
        coalesce(nullif(a.section, ''), '(no section)') AS section, nullif(a.subsection, '') AS subsection,
        a.published_at, coalesce(v.views, 0) AS views, a.article_id IS NOT NULL AS has_metadata
    FROM articles AS a
    FULL JOIN views AS v ON v.article_id = a.article_id
)
SELECT article_id, coalesce(title, '(unknown article)') AS title,
    CASE WHEN has_metadata THEN section ELSE '(unknown article)' END AS section, subsection,
    published_at, views
FROM candidates
WHERE contains(lower(nfc_normalize(coalesce(title, ''))), lower(nfc_normalize($q)))
    OR contains(lower(article_id), lower($q))
ORDER BY article_id = $q DESC, views DESC, article_id
LIMIT $limit
