-- The temp table tag_names: each tag (tag_key) as first written: its spelling on the
-- earliest-published article that carries it.
CREATE OR REPLACE TEMP TABLE tag_names AS
SELECT t.tag_key,
    arg_min(t.tag, {'p': coalesce(a.published_at, 'infinity'::TIMESTAMPTZ), 'a': t.article_id})
        AS tag
FROM article_tags AS t
JOIN articles AS a USING (article_id)
GROUP BY t.tag_key
