"""Bad input gets one line naming the option or the config key, and exit 2: no traceback for
a word, NaN, infinity, a negative or a huge number, a date before the calendar's start, a
superscript digit. And the editor's browser sees no server file path when the config or the
warehouse cannot be used, or a page fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newsdash.commands import main
from tests.support.sample import APP


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """`newsdash ARGS` in this process with `config` as its newsdash.toml; (exit code, stderr).
    No database exists: every check here must come before one is opened."""
    for var in ("NEWSDASH_CONFIG", "NEWSDASH_DB", "NEWSDASH_TZ", "NEWSDASH_MEMORY_LIMIT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)

    def run(capsys, args: list[str], config: str = "") -> tuple[int, str]:
        (tmp_path / "newsdash.toml").write_text(config, encoding="utf-8")
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        out = capsys.readouterr()
        assert out.out == "", "nothing on stdout"
        return code, out.err

    return run


DB = ["--db", "none.duckdb"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["rank", "most_viewed", "--as-of", "0001-01-01"], "--as-of '0001-01-01': give a time"),
        (["export", "--as-of", "0001-01-01"], "--as-of '0001-01-01': give a time from 1970-01-01"),
        (["rank", "hot_now", "--as-of", "0001-01-01T00:00+14:00"], "--as-of"),
        (["rank", "hot_now", "--as-of", "9999-12-31T23:00-12:00"], "--as-of"),
        (["rank", "most_viewed", "--limit", "²"], "--limit '²': give a number of rows"),
        (["rank", "most_viewed", "--limit", "-1"], "--limit '-1'"),
        (["status", "--max-age", "nan"], "--max-age: 'nan': give hours above 0"),
        (["status", "--max-age", "inf"], "--max-age: 'inf'"),
        (["status", "--max-age", "1e400"], "--max-age: '1e400'"),
        (["status", "--max-age=-3"], "--max-age: '-3'"),
        (["status", "--max-age", "a day"], "--max-age: 'a day'"),
        (["dashboard", "--port", "99999"], "--port: '99999': give a port from 1 to 65535"),
        (["generate", "--events", "10", "--days", "999999999999", "--out", "g"], "--days from 1"),
        (["backup", "bk", "--keep", "0"], "--keep must be 1 or more"),
    ],
)  # fmt: skip
def test_a_bad_option_is_one_line_naming_it_and_exit_2(cli, capsys, args, says):
    code, err = cli(capsys, [args[0], *DB, *args[1:]] if args[0] != "generate" else args)
    assert code == 2
    assert err.count("\n") == 1 and says in err, err


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ('[warehouse]\nretention_days = "a year"\n', "[warehouse] retention_days = 'a year'"),
        ("[warehouse]\nretention_days = inf\n", "[warehouse] retention_days = inf"),
        ("[warehouse]\nretention_days = nan\n", "[warehouse] retention_days = nan"),
        ("[warehouse]\nretention_days = 2.5\n", "[warehouse] retention_days = 2.5"),
        ("[warehouse]\nretention_days = 0\n", "[warehouse] retention_days = 0"),
        ("[warehouse]\nretention_days = 99999999999\n", "from 1 to 36,500"),
        ("[warehouse]\ndb = 5\n", "[warehouse] db = 5"),
        ('[warehouse]\nmemory_limit = "-5GB"\n', "[warehouse] memory_limit = '-5GB'"),
        ("warehouse = 5\n", "warehouse must be a table"),
        ('[site]\nfreshness_hours = "a day"\n', "[site] freshness_hours = 'a day'"),
        ("[site]\nfreshness_hours = nan\n", "[site] freshness_hours = nan"),
        ('[export]\nafter_etl = "false"\n', "[export] after_etl = 'false': must be true or false"),
        ("[rankings.most_viewed]\nwindow_hours = 999999999999\n", "window_hours must be at most"),
        ("[rankings.most_viewed]\nweights = { views = nan }\n", "weight views must be"),
        ("[rankings.most_viewed]\nweights = { views = inf }\n", "weight views must be"),
        ("[rankings.most_viewed]\nhalf_life_hours = nan\n", "half_life_hours must be"),
    ],
)  # fmt: skip
def test_a_bad_config_value_is_one_line_naming_the_key_and_exit_2(cli, capsys, config, says):
    # Every command reads the settings; rankings are read by the commands that rank.
    commands = ["rank", "export"] if "rankings" in config else ["rank", "etl", "status"]
    for args in ([c, *DB] + (["most_viewed"] if c == "rank" else []) for c in commands):
        code, err = cli(capsys, args, config)
        assert code == 2, (args, err)
        assert err.count("\n") == 1 and "newsdash.toml: " in err and says in err, err


# --- the editor's browser ----------------------------------------------------------------------


def everything_shown(at: AppTest) -> str:
    kinds = ("title", "markdown", "caption", "error", "warning", "info", "exception")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


@pytest.fixture
def server_folder(tmp_path) -> Path:
    """Where the server keeps its files: no part of this may reach a browser."""
    folder = tmp_path / "srvprivatenewsdash"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    "config", ['[access]\nallowed_emails = "not a list"\n', '[warehouse]\nretention_days = "x"\n']
)
def test_a_config_error_page_shows_no_server_path(monkeypatch, server_folder, config):
    (server_folder / "newsdash.toml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("NEWSDASH_CONFIG", str(server_folder / "newsdash.toml"))
    monkeypatch.setenv("NEWSDASH_DB", str(server_folder / "nd.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "configuration cannot be used" in at.error[0].value
    assert "srvprivate" not in everything_shown(at)


def test_an_unreadable_warehouse_shows_no_server_path(monkeypatch, server_folder):
    (server_folder / "nd.duckdb").write_bytes(b"this is not a DuckDB database\n" * 1000)
    monkeypatch.setenv("NEWSDASH_DB", str(server_folder / "nd.duckdb"))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "The warehouse cannot be read right now" in at.error[0].value
    assert "srvprivate" not in everything_shown(at)


def test_an_empty_warehouse_page_shows_no_server_path(monkeypatch, server_folder):
    monkeypatch.setenv("NEWSDASH_DB", str(server_folder / "nd.duckdb"))
    monkeypatch.delenv("NEWSDASH_CONFIG", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert "No data has been loaded yet" in at.info[0].value
    assert "srvprivate" not in everything_shown(at)


def failing_page() -> None:
    """A page whose drawing fails with an error that names a server file."""
    from pathlib import Path

    from newsdash.dashboard import data, ui
    from newsdash.settings import Settings
    from newsdash.sql import store

    settings = Settings(Path("/srvprivate/nd.duckdb"), Path("/srvprivate/in"), Path("/x"))
    source = data.Source(store.published(settings), None)
    ui.set_context(ui.Context(settings, source, None, None, (), {}, "Asia/Seoul (KST)"))

    def render(ctx):
        raise FileNotFoundError(2, "No such file or directory", "/srvprivate/nd.duckdb")

    ui.run_page(render, needs_traffic=False)


def test_a_failing_page_shows_no_server_path():
    at = AppTest.from_function(failing_page, default_timeout=60).run()
    assert not at.exception
    assert "This page could not be drawn (FileNotFoundError)" in at.error[0].value
    assert "srvprivate" not in everything_shown(at)


def test_a_bad_dashboard_tuning_value_is_a_config_error_page(monkeypatch, server_folder):
    (server_folder / "newsdash.toml").write_text("[dashboard.rising]\nmin_lift = nan\n")
    monkeypatch.setenv("NEWSDASH_CONFIG", str(server_folder / "newsdash.toml"))
    monkeypatch.setenv("NEWSDASH_DB", str(server_folder / "nd.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert "configuration cannot be used" in at.error[0].value
    assert "srvprivate" not in everything_shown(at)
