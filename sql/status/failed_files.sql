-- The failed files still to deal with (failed_files_to_deal_with, schema 5), newest first.
SELECT file_id, run_id, name, reason, finished_at AS at
FROM failed_files_to_deal_with
ORDER BY file_id DESC
