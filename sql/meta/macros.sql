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
CREATE OR REPLACE TEMP MACRO live_minutes_from(now) AS now::TIMESTAMPTZ - INTERVAL 2 DAY
