-- Keeps, of the rejected lines of files $first_file_id..$last_file_id (all of them are in the
-- lake's quarantine by now), the first $examples of each file and reason, for Data health.
DELETE FROM rejected
WHERE rowid IN (
    SELECT rowid
    FROM rejected
    WHERE file_id BETWEEN $first_file_id AND $last_file_id
    QUALIFY row_number() OVER (PARTITION BY file_id, reason ORDER BY line) > $examples
)
