-- The ledger entries of files landed but not settled (the batch being settled, or one a stopped
-- run of an older release left between its two transactions): file id, name, records read and
-- rejected, in load order.
SELECT file_id, name, records_read, rejected FROM files WHERE status = 'landed' ORDER BY file_id
