"""For the operations tests: real `newsdash` processes, real signals, real files.

Inputs are written by DuckDB itself (fast enough for a few hundred thousand events), and
every check reads the published database directly, independently of the product's queries.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from tests.support import lake

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
)
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def write_events(
    path: Path,
    first: int,
    count: int,
    start: str,
    *,
    dup_every: int = 9,
    reject_every: int = 97,
    bot_every: int = 13,
    span_hours: int = 240,
) -> Path:
    """`count` events as JSON Lines: views, likes, shares and comments over `span_hours`
    from `start` (ISO with offset), with repeats of earlier ids (duplicates, also across
    files), invalid records and bots mixed in at fixed intervals."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(
        f"""
        COPY (
            SELECT
                'ev' || CASE WHEN i % {dup_every} = 0 AND i > 0 THEN i - 5 ELSE i END AS event_id,
                strftime(TIMESTAMPTZ '{start}' + to_seconds((i * 7919) % ({span_hours} * 3600)),
                    '%Y-%m-%dT%H:%M:%SZ') AS event_time,
                CASE WHEN i % {reject_every} = 0 THEN 'nope'
                    ELSE ['view', 'view', 'view', 'like', 'share', 'comment'][1 + i % 6] END
                    AS event_type,
                'A' || (i % 40) AS article_id,
                's' || (i % 700) AS session_id,
                CASE WHEN i % 6 = 4 THEN ['facebook', 'x', 'kakaotalk', 'naver'][1 + i % 4] END
                    AS channel,
                CASE WHEN i % {bot_every} = 0 THEN '{BOT_UA}' ELSE '{BROWSER_UA}' END AS user_agent
            FROM range({first}, {first + count}) AS t(i)
        ) TO '{path}' (FORMAT json)
        """
    )
    con.close()
    return path


def write_articles(path: Path, count: int = 40) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    sections = ["World", "ICT", "Business", "Sports"]
    lines = ["article_id,title,section,subsection,author,published_at,url"]
    for i in range(count):
        lines.append(
            f"A{i},Title {i},{sections[i % 4]},,Reporter {i % 5},"
            f"2025-10-0{1 + i % 9}T09:00:00+09:00,https://example.com/a/{i}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "newsdash", *map(str, args)]


def child_env(stop_at: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDASH_")}
    # No config file and no NEWSDASH_* variables: defaults, plus what the command line says,
    # and the suite's clock, so the child's "now" is the test's.
    env["NEWSDASH_NOW"] = os.environ["NEWSDASH_NOW"]
    if stop_at:
        env["NEWSDASH_STOP_AT"] = stop_at
    env.update(extra)
    return env


def newsdash(*args: str | Path, cwd: Path, env: dict | None = None, timeout: float = 120):
    """Run `newsdash ARGS` to the end; stdout and stderr as text."""
    return subprocess.run(
        command(*args),
        cwd=cwd,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def etl_args(db: Path, inbox: Path, config: Path | None) -> list[str | Path]:
    head = ["--config", config] if config else []
    return [*head, "etl", "--inbox", inbox, "--db", db, "--no-export"]


def etl(db: Path, inbox: Path, cwd: Path, config: Path | None = None, **kw):
    return newsdash(*etl_args(db, inbox, config), cwd=cwd, **kw)


def start_etl(
    db: Path, inbox: Path, cwd: Path, stop_at: str | None = None, config: Path | None = None
) -> subprocess.Popen:
    """Start `newsdash etl` in the background; its output goes to `proc.log_path` in `cwd`."""
    log_path = cwd / f"etl-{time.monotonic_ns()}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command(*etl_args(db, inbox, config)),
            cwd=cwd,
            env=child_env(stop_at),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    proc.log_path = log_path
    return proc


def wait_until_stopped(proc: subprocess.Popen, timeout: float = 60) -> None:
    """Block until the process has stopped itself at its test point (SIGSTOP).

    waitpid(WUNTRACED) reports the stop itself; this is not a guess at timing.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status = os.waitpid(proc.pid, os.WNOHANG | os.WUNTRACED)
        if pid == 0:
            time.sleep(0.005)
            continue
        if os.WIFSTOPPED(status):
            return
        proc.returncode = os.waitstatus_to_exitcode(status)
        raise AssertionError(f"newsdash exited ({proc.returncode}) before its stop point")
    proc.kill()
    raise AssertionError("newsdash did not reach its stop point in time")


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(db: Path, timezone: str = "Asia/Seoul") -> dict:
    """Everything a clean run is judged by, read straight from the published file."""
    con = lake.connect(db, timezone)
    try:
        one = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "files": one(
                "SELECT name, kind, status, records_read, loaded, duplicates, rejected, bots "
                "FROM files ORDER BY name"
            ),
            "events": one(
                "SELECT count(*), count(DISTINCT event_id), sum(is_bot::INT), "
                "sum(hash(event_id, f.name, line)) FROM events JOIN files f USING (file_id)"
            ),
            "rejected": one(
                "SELECT f.name, r.line, r.reason FROM quarantine r JOIN files f USING (file_id) "
                "ORDER BY ALL"
            ),
            "hourly": one(
                "SELECT hour, article_id, event_type, channel, events FROM hourly ORDER BY ALL"
            ),
            "articles": one("SELECT article_id, title, section FROM articles ORDER BY ALL"),
        }
    finally:
        con.close()


def leftovers(folder: Path) -> list[str]:
    """Files a run must never leave behind in the warehouse folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".partial", ".tmp")))


def resume(proc: subprocess.Popen) -> None:
    """Let a process stopped at its test point go on."""
    os.kill(proc.pid, signal.SIGCONT)


DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    """A systemd unit of deploy/, as systemd reads its keys (case kept, no interpolation)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


@contextmanager
def small_disk(mountpoint: Path, size: str):
    """A real filesystem of `size` bytes (tmpfs), or a skip that says why there is none."""
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root")
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def remount(mountpoint: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mountpoint)], check=True)


def fill(folder: Path, leave: int) -> Path:
    """Write a filler file so that only about `leave` bytes stay free."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as fh:
        fh.truncate(0)
        chunk = b"\0" * (1 << 20)
        todo = max(free - leave, 0)
        while todo > 0:
            fh.write(chunk[: min(len(chunk), todo)])
            todo -= min(len(chunk), todo)
    return filler
