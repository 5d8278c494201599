-- Up to $per_reason examples of each rejection reason, newest files first: where the record
-- was (file name and line), the field at fault, the detail and the raw record.
SELECT r.reason, f.name AS file, r.line, r.field, r.detail, r.raw
FROM rejected AS r
LEFT JOIN files AS f USING (file_id)
QUALIFY row_number() OVER (PARTITION BY r.reason ORDER BY r.file_id DESC, r.line) <= $per_reason
ORDER BY r.reason, r.file_id DESC, r.line
