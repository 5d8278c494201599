-- A new file id for the ledger.
SELECT nextval('file_id_seq')
