-- The [sources] table set for this run (JSON text), or NULL when none was set.
SELECT getvariable('source_rules')
