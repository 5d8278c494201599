-- Clears lake_state before record_lake_state.sql writes its one row.
DELETE FROM lake_state
