-- Schema version 5: a failed file is tried again when it comes back, and stays a problem until it
-- loads or someone dismisses it.
--
-- A file that vanished before it could be hashed is recorded failed without a hash or a size.
ALTER TABLE files ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE files ALTER COLUMN size DROP NOT NULL;

-- `newsdash dismiss`: a person's decision that a failed file will not be loaded, and why. Its
-- content is then skipped if it comes back; a different file under the same name still loads.
CREATE TABLE dismissed_files (
    file_id      INTEGER PRIMARY KEY,  -- the failed ledger entry (files.file_id)
    reason       VARCHAR NOT NULL,
    dismissed_at TIMESTAMPTZ NOT NULL
);

-- The failed files still to deal with: each file's latest failure (a later entry with the same
-- name or content replaces it) that no later entry loaded and nobody dismissed. `newsdash
-- status`, its --max-age check and the Data health page all read this one definition.
CREATE VIEW failed_files_to_deal_with AS
SELECT f.*
FROM files AS f
WHERE f.status = 'failed'
    AND f.file_id NOT IN (SELECT file_id FROM dismissed_files)
    AND NOT EXISTS (
        SELECT 1 FROM files AS later
        WHERE later.file_id > f.file_id AND (later.name = f.name OR later.sha256 = f.sha256)
    );
