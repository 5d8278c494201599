-- The GA4 file ($file_key) has all its $rows kept rows in ga4_hits (added before this line).
INSERT OR IGNORE INTO ga4_files VALUES ($file_key, $rows)
