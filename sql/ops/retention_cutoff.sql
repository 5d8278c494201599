-- The first instant kept by a retention of $days days: midnight, in site time (the
-- connection's TimeZone), of the day $days days before $now's day. Raw events before it go.
SELECT date_trunc('day', $now::TIMESTAMPTZ) - to_days($days::INTEGER)
