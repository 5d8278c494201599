-- Drops the file list of the previous read's set-aside lines (line_error_scans), with
-- forget_line_errors.sql.
DROP TABLE IF EXISTS line_error_scans
