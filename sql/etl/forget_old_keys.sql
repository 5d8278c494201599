-- Deletes the dedupe keys of site days before the window ($window_start).
DELETE FROM event_keys WHERE dt < $window_start::DATE
