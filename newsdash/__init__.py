"""newsdash: engagement analytics for a news site, one installed package.

`newsdash.etl` is the folder `etl/`, `newsdash.sql` is `sql/`, `newsdash.dashboard` is
`dashboard/` and `newsdash.sample_data` is `sample_data/` (`package-dir` in pyproject.toml).
Each layer imports only the layers below it (the import-linter contract in pyproject.toml,
checked by tests/test_layers.py):

1. `newsdash.commands`: the `newsdash` command, the only module that imports every layer;
   then `newsdash.digest` (the morning digest and rising alerts; never the dashboard);
2. `newsdash.etl` (the load pipeline), `newsdash.dashboard` (the editors' app) and
   `newsdash.exports` (rankings out as files), independent of each other;
3. `newsdash.sql`: the database door (`sql/store.py`) and every query, one `.sql` file each;
4. the shared floor: `newsdash.settings` (+ `defaults.toml`, `config_tables`), `newsdash.clock`,
   `newsdash.rankings` (definitions and time windows), `newsdash.formats` (CSV, JSON),
   `newsdash.terminal` and `newsdash.cli` (the command line's grammar).
"""
