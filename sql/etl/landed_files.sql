-- The ledger entries of files landed but not settled (a run stopped between the two steps of
-- a batch): file id, name, records read and rejected, in load order.
SELECT file_id, name, records_read, rejected FROM files WHERE status = 'landed' ORDER BY file_id
