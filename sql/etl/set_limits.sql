-- What one input line and its fields may hold ([limits] in the config), for the loader's
-- queries and views: line_bytes, excerpt_chars and the character limit of each bounded field.
SET VARIABLE limits = $limits
