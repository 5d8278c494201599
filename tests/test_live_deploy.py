"""deploy/: the every-minute ETL. The timer fires at second 0 of every minute, the service runs
`newsdash etl --live` and counts a run that finds the lock held (exit 75) as success, the
nightly unit waits for a live run instead of retrying later, the cron file says the same; and
`--live` leaves the export and the retention of raw events to the nightly run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import timedelta

import pytest

from newsdash.etl.publish import exclusive_run
from newsdash.settings import load_settings
from tests.support.collect import NEWSDASH
from tests.support.inputs import event, query, write_jsonl
from tests.support.ops import DEPLOY, unit


def test_the_live_timer_starts_the_live_service_every_minute():
    timer = unit("newsdash-live.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* *:*:00" and timer["AccuracySec"] == "1s"
    assert timer["Unit"] == "newsdash-live.service"
    service = unit("newsdash-live.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].endswith("newsdash etl --live")
    assert "75" in service["Service"]["SuccessExitStatus"].split(), "a held lock is no failure"
    assert "Restart" not in service["Service"], "the next minute is the retry"
    assert "OnFailure" not in service["Unit"], "no alert every minute"
    assert "newsdash-live.service" in unit("newsdash-etl.service")["Unit"]["After"].split()


def test_systemd_computes_the_live_timer_as_every_minute():
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    out = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=3", "*-*-* *:*:00"],
        capture_output=True, text=True, env={**os.environ, "TZ": "UTC"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    times = re.findall(r"(\d\d):(\d\d):(\d\d) UTC", out.stdout)
    minutes = [int(h) * 60 + int(m) for h, m, s in times]
    assert len(minutes) == 3 and all(s == "00" for *_, s in times), out.stdout
    assert [(b - a) % 1440 for a, b in zip(minutes, minutes[1:], strict=False)] == [1, 1], (
        out.stdout
    )


def cron_minutes(field: str, top: int) -> set[int]:
    found: set[int] = set()
    for part in field.split(","):
        if part == "*":
            found |= set(range(top))
        elif "-" in part:
            low, high = map(int, part.split("-"))
            found |= set(range(low, high + 1))
        else:
            found.add(int(part))
    return found


def test_the_cron_file_runs_live_every_minute_but_the_nightly_one():
    jobs = [line.split(maxsplit=7) for line in (DEPLOY / "newsdash.cron").read_text().splitlines()
            if re.match(r"[\d*]", line)]  # fmt: skip
    covered: list[tuple[int, int]] = []
    for minute, hour, dom, month, dow, user, *command in jobs:
        if "etl --live" in command[-1]:
            assert (dom, month, dow, user) == ("*", "*", "*", "newsdash")
            assert ">>/var/log/newsdash/live.log 2>&1" in command[-1], "it never mails"
            covered += [(h, m) for h in cron_minutes(hour, 24) for m in cron_minutes(minute, 60)]
    assert len(covered) == len(set(covered)) == 24 * 60 - 1, "once a minute, never twice"
    assert (0, 30) not in covered, "00:30 belongs to the nightly run"


def write_config(folder, retention_days: int):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "newsdash.toml"
    path.write_text(
        f'[warehouse]\ndb = "wh/nd.duckdb"\nretention_days = {retention_days}\n'
        f'[etl]\ninbox = "inbox"\n[export]\nafter_etl = true\ndir = "exports"\n'
    )
    return path


def newsdash(config, *args, timeout=120):
    return subprocess.run([*NEWSDASH, "--config", str(config), *args], capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def test_live_runs_leave_export_and_retention_to_the_nightly_run(tmp_path, now):
    config = write_config(tmp_path, retention_days=2)
    settings = load_settings(config, env={})
    old, recent = (now - timedelta(days=5)).isoformat(), (now - timedelta(minutes=3)).isoformat()
    write_jsonl(tmp_path / "inbox" / "events_1.jsonl",
                [event("old", old), event("new", recent)])  # fmt: skip
    done = newsdash(config, "etl", "--live")
    assert done.returncode == 0, done.stderr
    assert query(settings, "SELECT count(*) FROM events")[0][0] == 2, "retention waits"
    assert query(settings, "SELECT sum(events) FROM minutely")[0][0] == 1, "only the recent one"
    assert not (tmp_path / "exports").exists(), "no export"
    done = newsdash(config, "etl")  # the nightly run
    assert done.returncode == 0, done.stderr
    assert query(settings, "SELECT event_id FROM events") == [("new",)]
    assert any((tmp_path / "exports").iterdir())


def test_a_live_run_that_finds_the_lock_held_exits_75_at_once_and_changes_nothing(tmp_path, now):
    config = write_config(tmp_path, retention_days=400)
    settings = load_settings(config, env={})
    write_jsonl(tmp_path / "inbox" / "events_1.jsonl", [event("a", now.isoformat())])
    assert newsdash(config, "etl", "--live").returncode == 0
    before = settings.db.read_bytes()
    write_jsonl(tmp_path / "inbox" / "events_2.jsonl", [event("b", now.isoformat())])
    with exclusive_run(settings.db):  # a run in progress (the nightly one, say)
        done = newsdash(config, "etl", "--live", timeout=30)
    assert done.returncode == 75, done.stderr  # SuccessExitStatus=75 in the unit
    assert done.stdout == "" and "holds the lock" in done.stderr.splitlines()[-1]
    assert settings.db.read_bytes() == before
    assert newsdash(config, "etl", "--live").returncode == 0, "the next minute loads it"
    assert query(settings, "SELECT count(*) FROM events")[0][0] == 2
