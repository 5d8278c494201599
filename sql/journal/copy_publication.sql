-- After its journal is applied, this file is the published generation.
UPDATE publication
SET token = p.token, base_token = p.base_token, journal = p.journal
FROM published.publication AS p
