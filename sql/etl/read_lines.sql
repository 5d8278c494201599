-- Every physical line of the one JSON Lines file named by set_batch.sql (gzip'd or not), read
-- through the temp view input_lines (jsonl_batch_lines.sql), as text numbered from 1 into the
-- temp table raw_lines(line, raw); blank lines stay (as NULL) to keep the numbering right.
CREATE OR REPLACE TEMP TABLE raw_lines AS
SELECT row_number() OVER () AS line, raw
FROM input_lines
