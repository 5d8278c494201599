-- Writes the ledger entry of one processed file, finished at $now.
INSERT INTO files (file_id, run_id, path, name, kind, size, sha256, status, reason, records_read,
    loaded, duplicates, rejected, bots, first_event, last_event, finished_at)
VALUES ($file_id, $run_id, $path, $name, $kind, $size, $sha256, $status,
    $reason, $records_read, $loaded, $duplicates, $rejected, $bots, $first_event, $last_event,
    $now::TIMESTAMPTZ)
