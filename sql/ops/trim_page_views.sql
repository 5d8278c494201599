-- Forgets the state of the page views whose hour is more than $days days ([etl] dedupe_days)
-- before the newest page view's hour, and returns how many went. Measured from the data's own
-- newest hour, not the clock, so a history import keeps the page views it is loading. An engage
-- event that late finds no view and counts as one without a view (Data health); the engaged
-- time already counted stays in the rollups. Page views still waiting for their view (no hour)
-- are kept. Every run does it, so the table holds about $days days of page views.
DELETE FROM page_views
WHERE hour < (SELECT max(hour) FROM page_views) - to_days($days::INTEGER)
