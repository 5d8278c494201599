-- The rows of the last statement the journal ran in a transaction of its own (its result).
SELECT * FROM journal_result
