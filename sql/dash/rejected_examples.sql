-- Up to $per_reason examples of each rejection reason, newest files first: where the record
-- was (file name and line), the field at fault, the detail and the raw record. The examples are
-- picked on their keys alone, so only the few picked carry their raw text through the sort.
WITH picked AS (
    SELECT reason, file_id, line
    FROM rejected
    QUALIFY row_number() OVER (PARTITION BY reason ORDER BY file_id DESC, line) <= $per_reason
)
SELECT r.reason, f.name AS file, r.line, r.field, r.detail, r.raw
FROM rejected AS r
SEMI JOIN picked AS p ON p.reason = r.reason AND p.file_id = r.file_id AND p.line = r.line
LEFT JOIN files AS f USING (file_id)
ORDER BY r.reason, r.file_id DESC, r.line
