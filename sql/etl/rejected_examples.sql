-- Up to $limit quarantined records of file $file_id: line, reason, field and detail.
SELECT line, reason, field, detail FROM rejected WHERE file_id = $file_id ORDER BY line LIMIT $limit
