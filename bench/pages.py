"""Pages in the browser (issue 19): each dashboard page's time to its first chart and to
settled, cold and warm, in headless chromium against the real server.

    .venv/bin/python bench/pages.py --db WAREHOUSE [--reps 3] [--tree before=/tmp/pages-before]

For each code tree (`--tree NAME=DIR`, DIR holding its own `.venv`; default: this checkout) and
each repetition, the trees alternating so a burst of other work hits them alike:

1. the dashboard server starts as the browser tests start it (`server_command` of that tree:
   `python -m streamlit run dashboard/app.py`, localhost, no sign-in) on a COPY-free read-only
   warehouse, with NEWSDASH_NOW set (default: the hour after the warehouse's last event);
2. a fresh chromium context opens every page once (**cold**: the first visit after the server
   started, its data not yet in Streamlit's cache; the first page also loads the app's code)
   and again (**warm**: a revisit, as an editor's second look or a colleague's link).

Per visit: seconds from the navigation's start to the first plotly chart drawn
(`.js-plotly-plot .main-svg` appears: a MutationObserver in the page) and to **settled** (the last script run has finished, Streamlit's status widget and every
spinner are gone, and no run starts in the next 0.5 s); script runs (Streamlit's `new_session`
messages: 1 means no rerun); plotly JSON bytes (the `spec` of every PlotlyChart element in the
websocket's ForwardMsgs) and all websocket bytes; the server process's CPU seconds (user + sys
from /proc) during the visit. Medians of the repetitions; the 1-minute load average at each
visit's start. Results: a Markdown table on stdout and every sample as JSON (`--out`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

from bench.harness import git_revision, log, machine  # noqa: E402
from bench.page_visits import (  # noqa: E402
    FIRST_CHART,
    PAGES,
    TIMEOUT_S,
    Visit,
    Wire,
    settled,
    switch,
    url_of,
    visit,
)  # fmt: skip
from tests.support.browser import CHROMIUM, FLAGS, free_port  # noqa: E402


def server_command(tree: Path, port: int, no_secrets: Path) -> list[str]:
    """The tree's own `server_command`, as its browser tests start the dashboard."""
    code = ("import json, sys; from pathlib import Path; "
            "from newsdash.dashboard.server import server_command; "
            "print(json.dumps(server_command(int(sys.argv[1]), '127.0.0.1', [Path(sys.argv[2])])))")  # fmt: skip
    out = subprocess.run([str(tree / ".venv/bin/python"), "-c", code, str(port), str(no_secrets)],
                         check=True, capture_output=True, text=True, cwd=tree).stdout  # fmt: skip
    return json.loads(out)


def start_server(tree: Path, db: Path, now: str, scratch: Path) -> tuple[subprocess.Popen, str]:
    import urllib.request

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDASH_")}
    env.update(NEWSDASH_DB=str(db), NEWSDASH_NOW=now, NEWSDASH_LANGUAGE="en")
    command = server_command(tree, port, scratch / "no-secrets.toml")
    with (scratch / f"server-{tree.name}.log").open("a") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=scratch)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server of {tree} exited: see {scratch}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    return proc, base
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server of {tree} was not healthy within {TIMEOUT_S:.0f} s")


def one_pass(browser, browser_cdp, tree_name: str, tree: Path, db: Path, now: str, rep: int,
             scratch: Path, pages: list[str]) -> list[Visit]:  # fmt: skip
    proc, base = start_server(tree, db, now, scratch)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(FIRST_CHART)
    page = context.new_page()
    holder: list = [Wire(), browser_cdp]
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: holder[0].receive(p)))
    visits = []

    def note(v: Visit) -> None:
        chart = "–" if v.first_chart_s is None else f"{v.first_chart_s:.2f}"
        log(f"{v.tree} #{v.rep} {v.page:9} {v.kind:6}: chart {chart} settled "
                    f"{v.settled_s:.2f} s, {v.runs} run(s), plotly {v.plotly_bytes:,} B, "
                    f"server CPU {v.server_cpu_s:.2f} s, renderer CPU {v.renderer_cpu_s:.2f} s, "
                    f"main thread {v.browser_task_s:.2f} s (JS {v.browser_script_s:.2f}), "
                    f"load {v.load1:.1f}")  # fmt: skip
        visits.append(v)

    try:
        for name in pages:
            for kind in ("cold", "warm"):
                note(visit(page, cdp, holder, base, name, kind, proc.pid, tree_name, rep))
        # Then every page again from the sidebar, in one session, as an editor moves on.
        holder[0] = Wire()
        page.goto(url_of(base, pages[-1]))
        settled(page, holder[0])
        for name in pages:
            note(switch(page, cdp, holder, name, proc.pid, tree_name, rep))
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=30)
    return visits


def default_now(db: Path, tree: Path) -> str:
    """The hour after the warehouse's last counted event (NEWSDASH_NOW for the server)."""
    out = subprocess.run([str(tree / ".venv/bin/newsdash"), "status", "--db", str(db),
                          "--format", "json"], check=True, capture_output=True, text=True)  # fmt: skip
    from datetime import datetime, timedelta

    last = datetime.fromisoformat(json.loads(out.stdout)["last_event"])
    return (last.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).isoformat()


def med(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


KINDS = ("cold", "warm", "switch")


def table(visits: list[Visit], trees: list[str], pages: list[str]) -> str:
    """Medians per page and tree; each cell cold / warm / switch (see the docstring)."""
    head = ("| page | tree | first chart s | settled s | runs | plotly KB | charts | "
            "server CPU s | renderer CPU s | load1 |")  # fmt: skip
    lines = [head, "|" + "---|" * 10]
    for name in pages:
        for tree in trees:
            mine = [v for v in visits if v.page == name and v.tree == tree]

            def cells(key: str, digits: int = 2, scale: float = 1.0, mine=mine) -> str:
                values = []
                for kind in KINDS:
                    m = med([getattr(v, key) for v in mine if v.kind == kind])
                    values.append(fmt(None if m is None else m * scale, digits))
                return " / ".join(values)

            loads = [v.load1 for v in mine]
            lines.append(
                f"| {name} | {tree} | {cells('first_chart_s')} | {cells('settled_s')} | "
                f"{cells('runs', 0)} | {cells('plotly_bytes', 1, 1e-3)} | {cells('charts', 0)} | "
                f"{cells('server_cpu_s')} | {cells('renderer_cpu_s')} | "
                f"{min(loads):.1f}–{max(loads):.1f} |"
            )  # fmt: skip
    return "\n".join(lines)


def parse_trees(values: list[str]) -> dict[str, Path]:
    trees = {}
    for value in values or [f"this={REPO}"]:
        name, _, folder = value.partition("=")
        trees[name] = Path(folder).resolve()
    return trees


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a published warehouse (read only)")
    parser.add_argument("--tree", action="append", help="NAME=DIR: code tree with its .venv")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--now", help="NEWSDASH_NOW for the server (default: after the data)")
    parser.add_argument("--out", type=Path, help="JSON of every visit")
    args = parser.parse_args(argv)
    trees = parse_trees(args.tree)
    pages = args.pages.split(",")
    now = args.now or default_now(args.db, next(iter(trees.values())))
    scratch = Path(tempfile.mkdtemp(prefix="pages-bench-"))
    log(f"warehouse {args.db}, NEWSDASH_NOW {now}, trees {trees}, scratch {scratch}")
    from playwright.sync_api import sync_playwright

    visits: list[Visit] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        browser_cdp = browser.new_browser_cdp_session()
        for rep in range(args.reps):
            for name, tree in trees.items():
                visits += one_pass(
                    browser, browser_cdp, name, tree, args.db, now, rep, scratch, pages
                )
        browser.close()
    result = table(visits, list(trees), pages)
    print(result)
    if args.out:
        revisions = {name: git_revision_of(tree) for name, tree in trees.items()}
        args.out.write_text(json.dumps({"machine": machine(), "now": now, "db": str(args.db),
                                        "revisions": revisions, "bench": git_revision(),
                                        "visits": [asdict(v) for v in visits],
                                        "table": result}, indent=1, default=str))  # fmt: skip
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


def git_revision_of(tree: Path) -> str:
    out = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)  # fmt: skip
    return out.stdout.strip() or "(no git: an export)"


if __name__ == "__main__":
    raise SystemExit(main())
