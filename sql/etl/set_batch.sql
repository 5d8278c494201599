-- Names the files of the load batch for the input_lines views: their paths and ledger ids, in
-- load order (the k-th path has the k-th id).
SET VARIABLE batch = {'paths': $paths::VARCHAR[], 'file_ids': $file_ids::INTEGER[]}
