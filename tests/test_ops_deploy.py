"""deploy/: the systemd units load (systemd's own verifier), the timer fires at 00:30 Seoul time,
the cron file says the same, the example config is a valid newsdash config, the alert script
runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdash.settings import load_settings
from tests.support.ops import DEPLOY, unit

NEWSDASH = Path(sys.executable).with_name("newsdash")
UNITS = sorted(p.name for p in DEPLOY.iterdir() if p.suffix in (".service", ".timer"))


def test_the_units_pass_systemds_verifier(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    for name in UNITS:  # the verifier checks that ExecStart= exists: point it at this checkout
        text = (DEPLOY / name).read_text()
        text = text.replace("/opt/newsdash/.venv/bin/newsdash", str(NEWSDASH))
        text = text.replace("/opt/newsdash/deploy/", f"{DEPLOY}/")
        (tmp_path / name).write_text(text)
    out = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *UNITS],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr


def test_the_nightly_timer_is_0030_seoul_persistent_with_a_retry():
    timer = unit("newsdash-etl.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 00:30:00 Asia/Seoul"
    assert timer["Persistent"] == "true"
    service = unit("newsdash-etl.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["Restart"] == "on-failure"
    assert service["Service"]["ExecStart"].endswith("newsdash etl")
    assert service["Unit"]["OnFailure"] == "newsdash-alert@%n.service"


def test_systemd_computes_0030_seoul_as_1530_utc():
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    out = subprocess.run(
        ["systemd-analyze", "calendar", "*-*-* 00:30:00 Asia/Seoul"],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
    )
    assert out.returncode == 0, out.stderr
    assert re.search(r"Next elapse: \w+ \d{4}-\d{2}-\d{2} 15:30:00 UTC", out.stdout), out.stdout


def test_the_cron_file_says_the_same():
    lines = (DEPLOY / "newsdash.cron").read_text().splitlines()
    assert "CRON_TZ=Asia/Seoul" in lines
    jobs = [line for line in lines if line and not line.startswith("#") and "=" not in line[:12]]
    nightly = [j for j in jobs if j.split()[5:7] == ["newsdash", "$ND"] and " etl " in j]
    assert nightly[0].split()[:5] == ["30", "0", "*", "*", "*"]
    assert any("status --max-age" in j for j in jobs)


def test_the_example_config_is_a_valid_server_config():
    settings = load_settings(DEPLOY / "newsdash.toml", env={})
    assert settings.db == Path("/var/lib/newsdash/newsdash.duckdb")
    assert settings.inbox == Path("/srv/newsdash/inbox")
    assert settings.zone.key == "Asia/Seoul" and settings.retention_days == 400


def test_the_alert_script_runs_without_mail_or_webhook(tmp_path):
    env = {"PATH": os.environ["PATH"], "NEWSDASH_BIN": str(NEWSDASH),
           "NEWSDASH_DB": str(tmp_path / "none.duckdb")}  # fmt: skip
    out = subprocess.run(
        ["sh", str(DEPLOY / "alert.sh"), "newsdash-etl.service"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("newsdash: newsdash-etl.service failed on ")
    assert "no data yet" in out.stdout  # the status check's verdict is in the message
