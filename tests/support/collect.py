"""The real collector for the collect tests: `newsdash collect` as a subprocess on a free port,
its own config file in a temp folder, driven over HTTP with the standard library."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

NEWSDASH = [sys.executable, "-m", "newsdash"]
READER_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def toml_value(value) -> str:
    return json.dumps(value)  # strings, numbers, booleans and lists of strings are valid TOML


def write_config(folder: Path, **collect) -> Path:
    """A newsdash.toml whose warehouse, inbox and collector state all live in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "[warehouse]",
        'db = "warehouse/nd.duckdb"',
        "[etl]",
        'inbox = "inbox"',
        "[export]",
        "after_etl = false",
        "[collect]",
        *(f"{key} = {toml_value(value)}" for key, value in collect.items()),
    ]
    path = folder / "newsdash.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class Reply:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)


def request(url: str, data: bytes | None = None, headers: dict | None = None,
            method: str | None = None, timeout: float = 10) -> Reply:  # fmt: skip
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:
            status, raw, got = reply.status, reply.read(), dict(reply.headers)
    except urllib.error.HTTPError as exc:
        status, raw, got = exc.code, exc.read(), dict(exc.headers)
    body = (
        json.loads(raw)
        if raw and got.get("content-type", "").startswith("application/json")
        else {}
    )
    return Reply(status, body, {k.lower(): v for k, v in got.items()})


class Collector:
    """One `newsdash collect` process; start() waits until /healthz answers."""

    def __init__(self, folder: Path, **collect) -> None:
        self.folder = folder
        self.port = free_port()
        self.config = write_config(folder, port=self.port, **collect)
        self.inbox = folder / "inbox"
        self.state_dir = folder / "warehouse" / "collect"
        self.log = folder / "collect.log"
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self, now: str | None = None, demo: bool = False, timeout: float = 30) -> Collector:
        env = dict(os.environ)
        if now:
            env["NEWSDASH_NOW"] = now
        command = [*NEWSDASH, "--config", str(self.config), "collect"] + (
            ["--demo"] if demo else []
        )
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"the collector exited ({self.proc.returncode}):\n{self.log.read_text()}"
                )
            try:
                if request(f"{self.base}/healthz", timeout=1).status == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError(
            f"the collector did not answer within {timeout} s:\n{self.log.read_text()}"
        )

    def post(self, events, headers: dict | None = None, raw: bytes | None = None) -> Reply:
        data = raw if raw is not None else json.dumps(events).encode()
        sent = {
            "Content-Type": "text/plain;charset=UTF-8",
            "User-Agent": READER_UA,
            **(headers or {}),
        }
        return request(f"{self.base}/e", data, sent, "POST")

    def health(self) -> dict:
        return request(f"{self.base}/healthz").body

    def stop(self) -> int:
        """SIGTERM: a clean shutdown (what waits is written, the open file renamed)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()  # SIGKILL: no shutdown code runs
        self.proc.wait(timeout=30)


def finished_files(inbox: Path) -> list[Path]:
    return sorted(inbox.glob("collect_*.jsonl"))


def part_files(inbox: Path) -> list[Path]:
    return sorted(inbox.glob("*.part"))


def records(inbox: Path) -> list[dict]:
    """Every line of the finished inbox files, in file and line order."""
    lines = (line for path in finished_files(inbox) for line in path.read_text().split("\n"))
    return [json.loads(line) for line in lines if line]


def wait_for(condition, what: str, timeout: float = 20, every: float = 0.05):
    """Poll `condition()` until it returns something true; fail with `what` at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s: {what}")


def run_newsdash(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSDASH, "--config", str(config), *args], capture_output=True,
                          text=True, timeout=300)  # fmt: skip
