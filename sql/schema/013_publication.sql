-- Schema version 13: which generation of the warehouse a file holds, and the journal of the run
-- that made it, so that the next run brings the other file (the standby) up to date by applying
-- the journal instead of copying the published file (docs/lake.md, "Publishing the DuckDB side").
--
-- One row. `token`: this generation's identity (random); `base_token`: the generation it was
-- made from; `journal`: 'open' while a journaled run writes it, 'complete' when its journal
-- holds every change from base_token's file to this one, 'none' when it does not (a migration,
-- another writer, a large load: the next run copies instead).
CREATE TABLE publication (
    token      VARCHAR NOT NULL,
    base_token VARCHAR,
    journal    VARCHAR NOT NULL
);
INSERT INTO publication VALUES (uuid()::VARCHAR, NULL, 'none');

-- The journal: every statement of the run that wrote a table of the file, in order, with its
-- bound parameters (pickled) and the rows of the temporary tables and views it read (Arrow IPC).
CREATE TABLE journal_statements (
    seq    INTEGER NOT NULL,
    name   VARCHAR NOT NULL,
    text   VARCHAR NOT NULL,
    params BLOB NOT NULL
);
CREATE TABLE journal_inputs (
    seq  INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    rows BLOB NOT NULL
);
