-- Helpers every connection gets (temporary, so read-only connections have them too).
-- in_sections: whether an article of `section` / `subsection` is among the `chosen` sections
-- (an empty list chooses all; a parent section includes its subsections; an article without
-- metadata is the section "(unknown article)").
CREATE OR REPLACE TEMP MACRO in_sections(chosen, section, subsection) AS
    len(chosen) = 0
    OR list_contains(chosen, coalesce(section, '(unknown article)'))
    OR list_contains(chosen, subsection);
-- in_edition: whether an article of `edition` is of the `chosen` edition (NULL chooses every
-- edition; an article without metadata has no edition, so a chosen edition leaves it out).
CREATE OR REPLACE TEMP MACRO in_edition(chosen, edition) AS
    chosen IS NULL OR edition IS NOT DISTINCT FROM chosen;
-- live_minutes_from: the first instant the minute rollup (`minutely`, for the Live page) keeps
-- as of `now`: two days back. The rollup adds nothing older, every run deletes what is older.
CREATE OR REPLACE TEMP MACRO live_minutes_from(now) AS now::TIMESTAMPTZ - INTERVAL 2 DAY;

-- many_of: the texts a metadata field names, from a JSON object text `raw`: a JSON array of
-- texts, or one text split on ';'; each trimmed and NFC-normalised, empty ones dropped
-- (an empty list when the field is absent). all_texts: whether every item of the JSON array
-- at `path` is a text.
CREATE OR REPLACE TEMP MACRO all_texts(raw, path) AS
    coalesce(list_bool_and(list_transform(json_extract(raw, path || '[*]'),
        lambda x: json_type(x) = 'VARCHAR')), true);

CREATE OR REPLACE TEMP MACRO many_of(raw, path) AS
    list_filter(
        list_transform(
            CASE WHEN json_type(raw, path) = 'ARRAY'
                THEN CASE WHEN all_texts(raw, path)
                    THEN from_json(json_extract(raw, path), '["VARCHAR"]') END
                WHEN json_type(raw, path) NOT IN ('OBJECT', 'NULL')
                THEN string_split(json_extract_string(raw, path), ';')
            END,
            lambda x: nfc_normalize(trim(x))),
        lambda x: x <> '');

-- tag_key: what tags are matched on: NFC, lowercase, without leading '#' and spaces
-- (#Samsung and samsung are one tag; only the ASCII '#' is removed).
CREATE OR REPLACE TEMP MACRO tag_key(tag) AS
    lower(nfc_normalize(trim(ltrim(trim(tag), '#'))));

-- person_key: what reporters' names are matched on (aliases, generic bylines, `--author`):
-- NFC, lowercase, trimmed, runs of spaces as one.
CREATE OR REPLACE TEMP MACRO person_key(name) AS
    lower(nfc_normalize(regexp_replace(trim(name), '\s+', ' ', 'g')));

-- site_hour: the site-time hour an instant falls in (an instant): the instant cut to its whole
-- minute in absolute time, less the minutes past the hour on the site clock. Not
-- date_trunc('hour', t): DuckDB 2.0.1 cuts the first of the two 01:00 hours of a fall-back night
-- (America/New_York, 2025-11-02 05:00-06:00 UTC) to the second one, merging them; this cut keeps
-- them apart, holds for offsets that are not whole hours, and renders the same on Spark
-- (tests/test_spark_equivalence.py).
CREATE OR REPLACE TEMP MACRO site_hour(t) AS
    to_timestamp(floor(epoch_ms(t) / 60000)::BIGINT * 60 - 60 * minute(t))
