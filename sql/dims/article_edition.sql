-- The temp table article_edition: the edition of every described article, the config applied
-- as the warehouse is read: the edition its metadata names, else that of the first rule whose
-- regular expression ($rule_patterns[i]) matches its url ($rule_editions[i]), else
-- $default_edition; and the article it translates, if any.
CREATE OR REPLACE TEMP TABLE article_edition AS
SELECT a.article_id,
    coalesce(
        e.edition,
        ($rule_editions::VARCHAR[])[list_position(
            list_transform($rule_patterns::VARCHAR[],
                lambda p: coalesce(regexp_matches(a.url, p), false)),
            true)],
        $default_edition
    ) AS edition,
    e.translation_of
FROM articles AS a
LEFT JOIN article_editions AS e USING (article_id)
