-- Drops the file list of the previous CSV read's set-aside rows (csv_reject_scans).
DROP TABLE IF EXISTS csv_reject_scans
