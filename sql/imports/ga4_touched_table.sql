-- The sessions of the file being imported (temporary): their page views' engaged time is
-- worked out again, from every row of theirs the importer has kept, once the file is read.
CREATE OR REPLACE TEMP TABLE ga4_touched (session UBIGINT)
