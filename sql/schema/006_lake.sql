-- Schema version 6 (issue 14): raw accepted events and the quarantine live in the lake (Delta
-- tables beside the database, docs/lake.md); the database keeps what readers read, the ledger,
-- the dedupe keys of the window and the lake versions its content describes.
--
-- Run by the ETL (etl/upgrade.py) in one transaction with moving an older warehouse's events
-- and rejected lines to the lake: this file then finds them gone from `events`.

-- `events` becomes the landing table of one load: a batch lands here with each line's verdict
-- and leaves (to the lake) when it settles, so outside a load it is empty.
ALTER TABLE events RENAME TO landed_events;

-- hash(event_id) of accepted events of the last [etl] dedupe_days site days (dt = site day of
-- event_time): the dedupe's first look; a key match is confirmed on the id in the lake.
CREATE TABLE event_keys (
    id_key UBIGINT NOT NULL,
    dt     DATE NOT NULL
);

-- The lake table versions that this database's rollups and ledger describe (one row, none
-- before the first run): readers read the lake at these versions, and a run first rolls the
-- lake back to them (a run that died between its lake commit and its database commit).
CREATE TABLE lake_state (
    events_version     BIGINT NOT NULL,
    quarantine_version BIGINT NOT NULL
);

-- Quarantined records per file and reason (every rejected line is in the lake's quarantine;
-- `rejected` keeps only a few examples of each file and reason for Data health).
CREATE TABLE rejected_counts (
    file_id INTEGER NOT NULL,
    reason  VARCHAR NOT NULL,
    records BIGINT NOT NULL
);
INSERT INTO rejected_counts
SELECT file_id, reason, count(*)
FROM rejected
WHERE file_id NOT IN (SELECT file_id FROM files WHERE status = 'landed')  -- counted when settled
GROUP BY ALL
ORDER BY ALL;

-- Duplicates of an event older than the dedupe window, found in the lake (part of duplicates).
ALTER TABLE files ADD COLUMN late_duplicates BIGINT NOT NULL DEFAULT 0;

-- The view names every column of files: made again to show the new one.
CREATE OR REPLACE VIEW failed_files_to_deal_with AS
SELECT f.*
FROM files AS f
WHERE f.status = 'failed'
    AND f.file_id NOT IN (SELECT file_id FROM dismissed_files)
    AND NOT EXISTS (
        SELECT 1 FROM files AS later
        WHERE later.file_id > f.file_id AND (later.name = f.name OR later.sha256 = f.sha256)
    );
