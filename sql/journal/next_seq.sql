-- The number of the journal's next statement (a resumed run goes on after its last one).
SELECT coalesce(max(seq) + 1, 0) FROM journal_statements
