-- The connection's time zone (the site's: store.connect sets it), in which hours are cut.
SELECT current_setting('TimeZone')
