"""deploy/: the digest timer fires at 07:00 Seoul time and retries, alerts follow each ETL run
(a drop-in systemd's verifier reads with the ETL unit), and the cron lines do the same: the
digest line, run by a shell as cron would, delivers to a real SMTP server."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdash.settings import Settings
from tests.support.digest import SmtpServer, self_signed, server_context, write_config
from tests.support.inputs import event, load, write_jsonl

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NEWSDASH = Path(sys.executable).with_name("newsdash")
INSTALLED = "/opt/newsdash/.venv/bin/newsdash"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def cron_jobs() -> list[str]:
    lines = (DEPLOY / "newsdash.cron").read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#") and "=" not in line[:12]]


def test_the_digest_timer_is_0700_seoul_and_a_failed_send_is_retried():
    timer = unit(DEPLOY / "newsdash-digest.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 07:00 Asia/Seoul"
    assert timer["Persistent"] == "true"
    service = unit(DEPLOY / "newsdash-digest.service")
    assert service["Service"]["ExecStart"] == f"{INSTALLED} digest"
    assert service["Service"]["Restart"] == "on-failure"
    assert service["Service"]["EnvironmentFile"] == "-/etc/newsdash/smtp.env"
    assert "/var/lib/newsdash" in service["Service"]["ReadWritePaths"]  # the sent-log
    assert service["Unit"]["OnFailure"] == "newsdash-alert@%n.service"


def test_systemd_computes_0700_seoul_as_2200_utc():
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    out = subprocess.run(
        ["systemd-analyze", "calendar", "*-*-* 07:00 Asia/Seoul"],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
    )
    assert out.returncode == 0, out.stderr
    assert re.search(r"Next elapse: \w+ \d{4}-\d{2}-\d{2} 22:00:00 UTC", out.stdout), out.stdout


def test_alerts_follow_each_etl_run_through_a_drop_in_systemd_reads(tmp_path):
    drop_in = DEPLOY / "newsdash-etl.service.d" / "alerts.conf"
    assert unit(drop_in)["Service"]["ExecStartPost"] == f"-{INSTALLED} alerts"
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    for path in (DEPLOY / "newsdash-etl.service", DEPLOY / "newsdash-alert@.service", drop_in):
        target = tmp_path / path.relative_to(DEPLOY)
        target.parent.mkdir(exist_ok=True)
        text = path.read_text().replace(INSTALLED, str(NEWSDASH))
        target.write_text(text.replace("/opt/newsdash/deploy/", f"{DEPLOY}/"))
    (tmp_path / "newsdash-etl.service.d" / "zz-check.conf").write_text("[Service]\nNoSuchKey=1\n")
    out = subprocess.run(["systemd-analyze", "verify", "--man=no", "newsdash-etl.service"],
                         cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    # the only complaint is the planted key: the folder's drop-ins are read, alerts.conf is clean
    assert out.returncode == 0 and out.stderr.strip().endswith(
        "zz-check.conf:2: Unknown key 'NoSuchKey' in section [Service], ignoring."
    ), out.stderr
    assert out.stderr.count("\n") == 1


def test_the_cron_file_runs_the_digest_at_0700_and_alerts_every_5_minutes():
    jobs = cron_jobs()
    digest = [j for j in jobs if "$ND digest" in j]
    assert [j.split()[:5] for j in digest] == [
        ["0", "7", "*", "*", "*"],
        ["30", "7,8", "*", "*", "*"],
    ]
    [alerts] = [j for j in jobs if "$ND alerts" in j]
    assert alerts.split()[:5] == ["*/5", "*", "*", "*", "*"]


def test_the_cron_digest_line_delivers_with_the_password_file(tmp_path, monkeypatch):
    settings = Settings(db=tmp_path / "nd.duckdb", inbox=tmp_path, export_dir=tmp_path / "x",
                        export_after_etl=False)  # fmt: skip
    monkeypatch.setenv("NEWSDASH_NOW", "2025-10-31T06:00:00+09:00")
    load(settings, write_jsonl(tmp_path / "e.jsonl", [event("e1", "2025-10-30T10:00:00+09:00")]))
    [line] = [j for j in cron_jobs() if j.startswith("0 7 ") and "$ND digest" in j]
    command = line.split(None, 6)[6]  # after the five time fields and the user
    command = command.replace("/etc/newsdash/", f"{tmp_path}/").replace("/var/log/newsdash/", f"{tmp_path}/")  # fmt: skip
    (tmp_path / "smtp.env").write_text("NEWSDASH_SMTP_PASSWORD=from-the-file\n")
    certificate = self_signed(tmp_path)
    tls = {"tls_context": server_context(certificate), "require_starttls": True}
    with SmtpServer({"newsdash": "from-the-file"}, **tls) as server:
        config = write_config(tmp_path / "newsdash.toml", settings.db, digest={
            "recipients": ["desk@example.com"], "smtp_host": "127.0.0.1", "smtp_port": server.port,
            "smtp_starttls": True, "smtp_username": "newsdash",
        })  # fmt: skip
        env = {"PATH": os.environ["PATH"], "ND": str(NEWSDASH), "NEWSDASH_CONFIG": str(config),
               "NEWSDASH_NOW": "2025-10-31T07:00:00+09:00", "SSL_CERT_FILE": str(certificate[0])}  # fmt: skip
        done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "", done.stdout
    assert server.mailbox.logins == [("newsdash", "from-the-file")]
    assert len(server.mailbox.received) == 1
    assert "sent to desk@example.com" in (tmp_path / "digest.log").read_text()
