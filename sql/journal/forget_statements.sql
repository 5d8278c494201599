-- Drops the journal's statements (of an earlier generation, or of a journal given up).
DELETE FROM journal_statements
