-- The temp table article_people: each reporter of each article once (article_id, position in
-- the byline, person, person_key, generic), the config applied as the warehouse is read:
-- $alias_names[i] (a name as written) is the person $alias_people[i]; a person whose name is
-- one of $generic (generic bylines) is kept but flagged. Names match on person_key (case,
-- spaces, NFC). A person is shown as written on their earliest-published article.
CREATE OR REPLACE TEMP TABLE article_people AS
WITH aliases AS (
    SELECT person_key(unnest($alias_names::VARCHAR[])) AS name_key,
        unnest($alias_people::VARCHAR[]) AS person
),
named AS (
    SELECT a.article_id, a.position, coalesce(al.person, a.author) AS person
    FROM article_authors AS a
    LEFT JOIN aliases AS al ON al.name_key = person_key(a.author)
),
keyed AS (
    SELECT n.article_id, min(n.position) AS position, person_key(n.person) AS person_key,
        min(n.person) AS person, any_value(ar.published_at) AS published_at
    FROM named AS n
    JOIN articles AS ar USING (article_id)
    GROUP BY n.article_id, person_key(n.person)
),
shown AS (
    SELECT person_key,
        arg_min(person, {'p': coalesce(published_at, 'infinity'::TIMESTAMPTZ), 'a': article_id})
            AS shown
    FROM keyed
    GROUP BY person_key
)
SELECT k.article_id, k.position, s.shown AS person, k.person_key,
    list_contains(list_transform($generic::VARCHAR[], lambda g: person_key(g)), k.person_key)
        AS generic
FROM keyed AS k
JOIN shown AS s USING (person_key)
