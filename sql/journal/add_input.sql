-- Records the rows a journaled statement read from a temporary table or view.
INSERT INTO journal_inputs VALUES ($seq, $name, $rows)
