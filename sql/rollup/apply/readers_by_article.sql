-- Appends the batch's delta rows (rollup_delta, from readers_by_article.sql) by column name.
INSERT INTO readers_by_article BY NAME SELECT * FROM rollup_delta
