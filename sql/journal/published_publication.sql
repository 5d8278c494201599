-- The published file's generation, attached read-only as `published`.
SELECT token, base_token, journal FROM published.publication
