-- Deletes the box clicks of site days before the dedupe window ($window_start), with its keys.
DELETE FROM box_clicks WHERE dt < $window_start::DATE
