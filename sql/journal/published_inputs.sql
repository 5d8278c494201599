-- The rows the published file's journaled statements read, by statement.
SELECT seq, name, rows FROM published.journal_inputs ORDER BY seq, name
