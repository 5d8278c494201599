-- Drops the journal's input rows (of an earlier generation, or of a journal given up).
DELETE FROM journal_inputs
