"""newsdash: engagement analytics for a news site (one installed package).

`newsdash.etl` is the folder `etl/`, `newsdash.sql` is `sql/`, `newsdash.dashboard` is
`dashboard/` and `newsdash.sample_data` is `sample_data/` (`package-dir` in pyproject.toml).
"""
