-- Whether the rows of this GA4 file ($file_key) are already in ga4_hits.
SELECT count(*) > 0 FROM ga4_files WHERE file_key = $file_key
