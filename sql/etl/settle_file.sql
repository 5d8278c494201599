-- Completes the ledger entry of file $file_id once its batch is settled (deduped, rolled up),
-- as loaded by run $run_id, at $now.
UPDATE files SET status = 'loaded', run_id = $run_id, loaded = $loaded,
    duplicates = $duplicates, late_duplicates = $late_duplicates, bots = $bots,
    first_event = $first_event, last_event = $last_event, finished_at = $now::TIMESTAMPTZ
WHERE file_id = $file_id
