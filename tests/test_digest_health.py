"""The digest's data-health warnings come from the ETL's own records: a file that could not be
read, a run that did not end ok, a day whose data stops early, a jump in rejected records. And
the digest's code stays importable without the dashboard or streamlit."""

from __future__ import annotations

import email
import gzip
import subprocess
import sys
from email import policy

import pytest

from newsdash.settings import Settings
from tests.support.digest import Cells, newsdash, parts, write_config
from tests.support.inputs import event, load, write_jsonl

HOSTILE_FILE = "<img src=x onerror=alert(1)>.jsonl.gz"


def valid(prefix: str, day: str, count: int, hour: str = "09") -> list[dict]:
    return [event(f"{prefix}{i}", f"{day}T{hour}:{i % 60:02d}:00+09:00") for i in range(count)]


def invalid(prefix: str, count: int) -> list[dict]:
    return [event(f"{prefix}{i}", kind="visit") for i in range(count)]  # bad_event_type


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    """A week of clean loads (1 record in 100 rejected), then a night whose load has half its
    records rejected, a corrupt file, and events of the 30th only until 15:59."""
    settings = Settings(db=tmp_path / "nd.duckdb", inbox=tmp_path, export_dir=tmp_path / "x",
                        export_after_etl=False)  # fmt: skip
    for day in range(24, 30):
        monkeypatch.setenv("NEWSDASH_NOW", f"2025-10-{day + 1}T00:30:00+09:00")
        batch = valid(f"d{day}-", f"2025-10-{day}", 99) + invalid(f"x{day}-", 1)
        assert load(settings, write_jsonl(tmp_path / f"e{day}.jsonl", batch)).exit_code == 0
    monkeypatch.setenv("NEWSDASH_NOW", "2025-10-31T00:30:00+09:00")
    night = valid("n", "2025-10-30", 20, hour="15") + invalid("bad", 20)
    (tmp_path / HOSTILE_FILE).write_bytes(gzip.compress(b"not json\n")[:15])  # cut short
    result = load(settings, write_jsonl(tmp_path / "night.jsonl", night), tmp_path / HOSTILE_FILE)
    assert result.exit_code == 3  # partly done: the corrupt file is recorded as failed
    return settings


def test_the_digest_warns_of_a_failed_file_a_partial_run_late_data_and_a_reject_jump(
    settings, tmp_path
):
    config = write_config(tmp_path / "newsdash.toml", settings.db)
    out = newsdash(config, "2025-10-31T07:00:00+09:00", "digest", "--dry-run", str(tmp_path))
    assert out.returncode == 0, out.stderr
    raw = (tmp_path / "newsdash-digest-2025-10-30.eml").read_bytes()
    mail = email.message_from_bytes(raw, policy=policy.default)
    assert mail["Subject"].startswith("[data warning] newsdash digest Thu 30 Oct: 20 views")
    text, html = parts(mail)
    warnings = [line.strip()[2:] for line in text.splitlines() if line.startswith("  ! ")]
    assert len(warnings) == 4, text
    failed, run, late, jump = warnings
    assert failed.startswith(f"A file could not be loaded (2025-10-31 00:30): {HOSTILE_FILE}: ")
    assert run == "The last ETL run (#7, 2025-10-31 00:30) ended partial."
    assert late.startswith("Late data: counted events end at 2025-10-30 16:00, before the end")
    assert jump == (
        "Rejected records jumped: 20 of 40 records read (50.0%) in the files loaded in the last "
        "24 hours, against 1.0% in the 7 days before (bad_event_type 20)."
    )
    cells = Cells()
    cells.feed(html)
    assert not [tag for tag, _ in cells.tags if tag == "img"]
    assert HOSTILE_FILE in "".join(cells.text)
    assert "https://newsdash.example.com/health" in html


def test_a_clean_week_has_no_warnings(tmp_path, monkeypatch):
    settings = Settings(db=tmp_path / "nd.duckdb", inbox=tmp_path, export_dir=tmp_path / "x",
                        export_after_etl=False)  # fmt: skip
    monkeypatch.setenv("NEWSDASH_NOW", "2025-10-31T00:30:00+09:00")
    batch = valid("a", "2025-10-30", 30) + valid("b", "2025-10-30", 5, hour="23")
    load(settings, write_jsonl(tmp_path / "e.jsonl", batch + invalid("x", 1)))
    config = write_config(tmp_path / "newsdash.toml", settings.db)
    out = newsdash(config, "2025-10-31T07:00:00+09:00", "digest", "--dry-run", str(tmp_path))
    assert out.returncode == 0, out.stderr
    mail = email.message_from_bytes(
        (tmp_path / "newsdash-digest-2025-10-30.eml").read_bytes(), policy=policy.default
    )
    assert not mail["Subject"].startswith("[data warning]")
    assert "DATA HEALTH" not in parts(mail)[0]


def test_the_digest_imports_neither_the_dashboard_nor_streamlit():
    code = (
        "import sys, newsdash.digest.morning, newsdash.digest.alerts, newsdash.digest.config; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit' "
        "or m.startswith('newsdash.dashboard')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
