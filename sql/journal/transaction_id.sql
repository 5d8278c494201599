-- The id of the transaction this statement runs in: the same for two statements only inside an
-- explicit transaction (in autocommit, each statement is a transaction of its own).
SELECT txid_current()
