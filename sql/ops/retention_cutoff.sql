-- The first instant kept by a retention of $days days: midnight, in site time (the
-- connection's TimeZone), of the day $days days before today. Raw events before it go.
SELECT date_trunc('day', current_timestamp) - to_days($days::INTEGER)
