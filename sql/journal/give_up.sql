-- This generation's journal will not be complete: the next run copies the file instead.
UPDATE publication SET journal = 'none'
