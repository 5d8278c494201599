"""`newsdash import`: a site's history (web-server access logs, GA4 BigQuery exports) turned
into inbox files of the event contract, which the normal ETL then loads.

The importer only produces files: JSON Lines, one event a line, each `event_id` derived from its
source (the line's bytes and how often that same line came before, or the GA4 row's identity),
written as `.part` and renamed into the inbox. So importing a file twice, or a rotated copy with
overlapping lines, adds nothing, and a killed import continues on rerun (docs/import.md).
"""
