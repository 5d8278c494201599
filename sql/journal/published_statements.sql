-- The published file's journal, in the order its statements ran.
SELECT seq, name, text, params FROM published.journal_statements ORDER BY seq
