-- The journaled run is done: its journal holds every change since base_token's file.
UPDATE publication SET journal = 'complete' WHERE journal = 'open'
