-- The first site day of the dedupe window: $days site days before $now's site day (the
-- connection's TimeZone is the site's).
SELECT (date_trunc('day', $now::TIMESTAMPTZ) - to_days($days::INTEGER))::DATE
