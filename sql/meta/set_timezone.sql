-- Sets the session time zone: hours, days and weeks are cut in site time from here on.
SET TimeZone = $timezone
