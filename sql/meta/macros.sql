-- Helpers every connection gets (temporary, so read-only connections have them too).
-- in_sections: whether an article of `section` / `subsection` is among the `chosen` sections
-- (an empty list chooses all; a parent section includes its subsections; an article without
-- metadata is the section "(unknown article)").
CREATE OR REPLACE TEMP MACRO in_sections(chosen, section, subsection) AS
    len(chosen) = 0
    OR list_contains(chosen, coalesce(section, '(unknown article)'))
    OR list_contains(chosen, subsection);
-- live_minutes_from: the first instant the minute rollup (`minutely`, for the Live page) keeps
-- as of `now`: two days back. The rollup adds nothing older, every run deletes what is older.
CREATE OR REPLACE TEMP MACRO live_minutes_from(now) AS now::TIMESTAMPTZ - INTERVAL 2 DAY;
-- site_hour: the site-time hour an instant falls in (an instant): the instant cut to its whole
-- minute in absolute time, less the minutes past the hour on the site clock. Not
-- date_trunc('hour', t): DuckDB 2.0.1 cuts the first of the two 01:00 hours of a fall-back night
-- (America/New_York, 2025-11-02 05:00-06:00 UTC) to the second one, merging them; this cut keeps
-- them apart, holds for offsets that are not whole hours, and renders the same on Spark
-- (tests/test_spark_equivalence.py).
CREATE OR REPLACE TEMP MACRO site_hour(t) AS
    to_timestamp(floor(epoch_ms(t) / 60000)::BIGINT * 60 - 60 * minute(t))
