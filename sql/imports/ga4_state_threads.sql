-- The importer's state works on one thread: a GA4 import is one process reading one file, and
-- DuckDB's parallel plans cost it CPU (and memory) for little time on small batches.
SET threads = 1
