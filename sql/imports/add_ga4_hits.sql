-- One batch of GA4 rows (the Arrow table ga4_hits_batch) into ga4_hits.
INSERT INTO ga4_hits BY NAME SELECT * FROM ga4_hits_batch
