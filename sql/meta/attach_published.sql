-- Attaches the database file at $path read-only as `published` to a reader connection (see
-- store.reading: each reader instance attaches one file at a time, so the name is fixed).
ATTACH $path AS published (READ_ONLY)
