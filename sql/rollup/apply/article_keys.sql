-- Appends the batch's delta rows (rollup_delta, from article_keys.sql) by column name.
INSERT INTO article_keys BY NAME SELECT * FROM rollup_delta
