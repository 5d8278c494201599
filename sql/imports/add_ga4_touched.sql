-- The sessions of one batch of GA4 rows (the Arrow table ga4_hits_batch) into ga4_touched.
INSERT INTO ga4_touched SELECT DISTINCT session FROM ga4_hits_batch
