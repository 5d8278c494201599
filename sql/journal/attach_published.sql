-- The published file, read-only, beside the standby being brought up to date.
ATTACH $path AS published (READ_ONLY)
