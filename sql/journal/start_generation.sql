-- A writer starts a new generation of the file: made from the one it holds now, journaled
-- ('open') or not ('none').
UPDATE publication SET base_token = token, token = uuid()::VARCHAR, journal = $journal
