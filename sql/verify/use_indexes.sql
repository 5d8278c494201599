-- Keeps DuckDB from answering a key lookup from the column's min/max alone (a one-row table),
-- so that every lookup goes through the index. Global to this connection's database instance:
-- only the private connection of the check sets it.
SET disabled_optimizers = 'statistics_propagation'
