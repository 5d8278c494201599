-- The run's [sources] table of the config (JSON text), read back by etl/sources.py when a batch
-- is classified: one set of rules for the whole run, like [limits] (set_limits.sql).
SET VARIABLE source_rules = $rules
