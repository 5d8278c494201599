-- Closes run $run_id at $now with its totals and final status.
UPDATE runs SET finished = $now::TIMESTAMPTZ, status = $status, files = $files,
    failed_files = $failed_files, skipped_files = $skipped_files, records_read = $records_read,
    loaded = $loaded, duplicates = $duplicates, rejected = $rejected, bots = $bots,
    message = $message
WHERE run_id = $run_id
