"""deploy/: the collector's unit runs `newsdash collect` as newsdash, hardened, restarted, and
the example server config's [collect] table is a valid collector config."""

from __future__ import annotations

from pathlib import Path

from newsdash.etl.collect.settings import collect_settings
from newsdash.settings import load_settings
from tests.support.collect import run_newsdash, write_config
from tests.support.ops import unit

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def test_the_collector_unit_runs_newsdash_collect_hardened():
    service = unit("newsdash-collect.service")["Service"]
    assert service["ExecStart"].endswith("newsdash collect")
    assert (service["User"], service["Restart"], service["KillSignal"]) == (
        "newsdash", "always", "SIGTERM")  # fmt: skip
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "PrivateDevices": "yes", "CapabilityBoundingSet": "",
                       "StateDirectory": "newsdash/collect", "StateDirectoryMode": "0700",
                       "ReadWritePaths": "/srv/newsdash/inbox"}.items():  # fmt: skip
        assert service[key] == value, key
    assert unit("newsdash-collect.service")["Unit"]["OnFailure"] == "newsdash-alert@%n.service"


def test_the_example_server_config_is_a_valid_collector_config():
    settings = collect_settings(load_settings(DEPLOY / "newsdash.toml", env={}))
    assert settings.inbox == Path("/srv/newsdash/inbox")  # the ETL's inbox
    assert settings.state_dir == Path("/var/lib/newsdash/collect")  # the unit's StateDirectory
    assert settings.salt_dir == Path("/var/lib/newsdash/collect/salt")
    assert (settings.address, settings.port) == ("127.0.0.1", 8502)
    assert settings.trust_forwarded_for and settings.allowed_origins == ("https://www.example.com",)


def test_without_a_config_the_collector_never_writes_into_the_bundled_sample_data(tmp_path,
                                                                                  monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    settings = collect_settings(load_settings(None, env={}))
    assert settings.inbox == tmp_path / "newsdash-data" / "inbox"
    assert settings.state_dir == tmp_path / "newsdash-data" / "collect"


def test_a_bad_collect_setting_stops_the_command_naming_the_key(tmp_path):
    config = write_config(tmp_path, rotate_seconds=0)
    done = run_newsdash(config, "collect")
    assert done.returncode == 2  # a config error is bad usage
    assert "[collect] rotate_seconds must be a positive number" in done.stderr
    assert not (tmp_path / "inbox").exists()
