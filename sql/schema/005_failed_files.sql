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
