"""The ETL loop outside systemd and cron: `newsdash etl --live` on one inbox every N seconds,
in a child process each time (the command the timer runs), for `newsdash demo` and the
freshness bench. A run that is still going when the next one is due delays it (never two at
once); a run that finds the ETL lock held (75) is no failure.

Each run is a process of its own session, so a Ctrl-C in the terminal reaches the supervising
process only; stopping the loop stops a run in progress with SIGTERM (a stopped run loses
nothing: the next one goes on from what it committed).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

EXIT_LOCKED = 75


def live_command(config: str | os.PathLike | None, inbox: Path) -> list[str]:
    chosen = ["--config", str(config)] if config else []
    return [sys.executable, "-m", "newsdash", *chosen, "etl", "--live", "--inbox", str(inbox)]


def report(done: subprocess.CompletedProcess) -> None:
    """What a new user wants to see: the files a run loaded, and a run that failed."""
    loaded = [line for line in done.stderr.splitlines() if line.startswith("  loaded")]
    if loaded or done.returncode not in (0, EXIT_LOCKED):
        for line in [*loaded, *done.stdout.splitlines()]:
            print(f"newsdash etl --live: {line.strip()}", file=sys.stderr, flush=True)
    if done.returncode not in (0, EXIT_LOCKED):
        print(done.stderr.strip(), file=sys.stderr, flush=True)


class EtlLoop:
    """Runs `command` now and then every `every` seconds (from each start) until stopped."""

    def __init__(self, command: list[str], every: float,
                 on_done: Callable[[subprocess.CompletedProcess], None] = report) -> None:  # fmt: skip
        self.command, self.every, self.on_done = command, every, on_done
        self.runs = 0
        self._stop = threading.Event()
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="etl-loop", daemon=True)

    def start(self) -> EtlLoop:
        self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self.run_once()
            self._stop.wait(max(0.0, self.every - (time.monotonic() - started)))

    def run_once(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            self._proc = subprocess.Popen(self.command, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True,
                                          start_new_session=True)  # fmt: skip
        out, err = self._proc.communicate()
        self.runs += 1
        if not self._stop.is_set():
            self.on_done(subprocess.CompletedProcess(self.command, self._proc.returncode, out, err))

    def stop(self, grace: float = 30) -> None:
        with self._lock:
            self._stop.set()
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._thread.join(timeout=grace)


@contextmanager
def etl_loop_beside(
    config: str | os.PathLike | None, inbox: Path, every: float
) -> Iterator[EtlLoop]:
    """`newsdash etl --live --inbox INBOX` every `every` seconds for as long as the block runs."""
    print(f"newsdash demo: loading {inbox} every {every:g} s (newsdash etl --live)", flush=True)
    loop = EtlLoop(live_command(config, inbox), every).start()
    try:
        yield loop
    finally:
        loop.stop()
