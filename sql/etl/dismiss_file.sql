-- Records that failed file $file_id will not be loaded, why ($reason) and when ($now).
INSERT INTO dismissed_files VALUES ($file_id, $reason, $now)
