-- This file's generation: token, base_token, journal state (one row; none before migration 13).
SELECT token, base_token, journal FROM publication
