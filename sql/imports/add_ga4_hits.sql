-- One batch of GA4 rows (the Arrow table ga4_hits_batch) into ga4_hits, each row once however
-- often its file is imported.
INSERT OR IGNORE INTO ga4_hits BY NAME
SELECT DISTINCT ON (session, row_key) * FROM ga4_hits_batch
