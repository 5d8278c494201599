-- Deletes the state of page views whose view's site day is before the dedupe window
-- ($window_start): their figures are final. An engage event that arrives later still is kept as
-- one whose view never arrived (Data health counts it, no figure does), as a duplicate older
-- than the window is counted but not matched. States without a view (hour NULL) stay.
DELETE FROM page_views WHERE hour < $window_start::DATE
