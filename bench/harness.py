"""Running measured child processes, and describing the machine they ran on.

Every timed figure comes from a fresh process: wall time is taken around the whole child
(interpreter start and imports included), peak resident memory from the kernel's rusage of
that child (`os.wait4`), and the 1-minute load average just before it starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PACKAGES = ("duckdb", "pandas", "numpy", "pyarrow", "streamlit", "crawler-user-agents")


@dataclass
class Run:
    """One child process: what it was, how long it took, how much memory it peaked at."""

    label: str
    seconds: float
    peak_rss_mb: float
    exit_code: int
    load1: float
    spill_peak_mb: float = 0.0
    profile: dict = field(default_factory=dict)
    cpu_seconds: float = 0.0  # user + system of the child, all its threads

    def to_dict(self) -> dict:
        return asdict(self)


def child_env(**extra: str) -> dict[str, str]:
    """The caller's environment without newsdash settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDASH_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def python() -> str:
    return sys.executable


def bench_script(name: str) -> str:
    return str(BENCH_DIR / name)


def folder_size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):  # a spill file deleted meanwhile
                total += os.stat(os.path.join(root, name)).st_size
    return total


class SpillWatch:
    """Polls the size of DuckDB's spill folders (`*.tmp` beside the database) in a thread."""

    def __init__(self, folder: Path | None, every: float = 0.25) -> None:
        self.folder, self.every = folder, every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> SpillWatch:
        if self.folder is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _poll(self) -> None:
        while not self._stop.wait(self.every):
            spill = [p for p in self.folder.iterdir() if p.is_dir() and p.name.endswith(".tmp")]
            self.peak = max(self.peak, sum(folder_size(p) for p in spill))


def run_child(
    label: str,
    cmd: list[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    watch_spill: bool = False,
) -> Run:
    """Run `cmd` to completion; stdout/stderr go to files in `cwd` named after `label`."""
    cwd.mkdir(parents=True, exist_ok=True)
    load1 = os.getloadavg()[0]
    stem = label.replace(" ", "_").replace("/", "_")
    with (
        open(cwd / f"{stem}.out", "wb") as out,
        open(cwd / f"{stem}.err", "wb") as err,
        SpillWatch(cwd if watch_spill else None) as spill,
    ):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or child_env(), stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        label, seconds, peak_mb, proc.returncode, load1, spill.peak / (1 << 20), cpu_seconds=cpu
    )


def check(run: Run, cwd: Path, ok: tuple[int, ...] = (0,)) -> Run:
    """Stop the bench when a child failed: its figures would mean nothing."""
    if run.exit_code not in ok:
        stem = run.label.replace(" ", "_").replace("/", "_")
        tail = (cwd / f"{stem}.err").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{run.label} exited {run.exit_code}:\n{tail}")
    return run


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def log(text: str) -> None:
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:4.2f}] {text}", file=sys.stderr, flush=True)


# --- the machine -----------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / (1 << 20), 1)
    except OSError:
        pass
    return None


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def git_revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    rev = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("diff", "HEAD", "--", "etl", "sql", "dashboard")
    if not dirty:
        return rev
    digest = hashlib.sha256(dirty.encode()).hexdigest()[:8]
    return f"{rev} + uncommitted changes in etl/sql/dashboard (diff {digest})"


def machine() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gib": memory_gib(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "kernel": platform.release(),
        "versions": versions(),
        "newsdash": git_revision(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
