"""One visit of one dashboard page in chromium, and what it cost (bench/pages.py runs them).

A visit opens the page by its URL (a new page load and Streamlit session) or switches to it from
the sidebar's navigation (same session). Measured: the first plotly chart drawn (a
MutationObserver in the page), settled (the last script run finished, every chart it sent drawn,
nothing busy, and no run starting within QUIET_S), the script runs and plotly JSON bytes (the
websocket's ForwardMsgs, decoded), the server's CPU (/proc) and the renderers' (chromium's
SystemInfo), and the renderer main thread's task and script time (CDP Performance).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGES = ("overview", "live", "sections", "rankings", "reporters", "tags", "channels", "sources",
         "article", "boxes", "health")  # fmt: skip
BUSY = "[data-testid=stStatusWidget], [data-testid=stSpinner]"
QUIET_S = 0.5  # a run that starts within this after the last one finished is a rerun
TIMEOUT_S = 120.0


@dataclass
class Visit:
    tree: str
    rep: int
    page: str
    kind: str  # cold | warm
    load1: float
    first_chart_s: float | None = None
    settled_s: float | None = None
    runs: int = 0
    plotly_bytes: int = 0
    charts: int = 0
    ws_bytes: int = 0
    cached_refs: int = 0  # messages the browser already held (sent as a hash only)
    server_cpu_s: float = 0.0
    browser_task_s: float = 0.0  # the page's renderer main thread: every task (CDP Performance)
    browser_script_s: float = 0.0  # … of which running JavaScript
    renderer_cpu_s: float = 0.0  # CPU seconds of chromium's renderer processes (SystemInfo)


@dataclass
class Wire:
    """What the server sent over the websocket during one visit, decoded as ForwardMsgs."""

    started: float = field(default_factory=time.monotonic)
    runs: int = 0
    finished: list[float] = field(default_factory=list)
    plotly_bytes: int = 0
    charts: int = 0
    ws_bytes: int = 0
    cached_refs: int = 0

    def receive(self, payload: bytes | str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        self.ws_bytes += len(payload)
        msg = ForwardMsg.FromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
        elif kind == "script_finished":
            self.finished.append(time.monotonic())
        elif kind == "ref_hash":
            self.cached_refs += 1
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "plotly_chart":
            self.charts += 1
            self.plotly_bytes += len(msg.delta.new_element.plotly_chart.spec.encode())


def load1() -> float:
    return os.getloadavg()[0]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def url_of(base: str, page: str) -> str:
    return f"{base}/{'' if page == 'overview' else page}?lang=en"


# The moment the first chart is drawn, taken in the page (performance.now(): ms since the
# navigation started), so it costs no polling and no round trip.
FIRST_CHART = """
window.__firstChart = null;
new MutationObserver((records, observer) => {
  if (document.querySelector('.js-plotly-plot .main-svg')) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
DRAWN = "() => document.querySelectorAll('.js-plotly-plot .main-svg:first-of-type').length"


def settled(page, wire: Wire) -> float:
    """Seconds from the visit's start to the first moment at which its last script run had
    finished, every chart it sent was drawn and nothing showed as busy (polled every 50 ms),
    confirmed by QUIET_S without a new run."""
    deadline = time.monotonic() + TIMEOUT_S
    since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)
        done = wire.runs and len(wire.finished) >= wire.runs
        if not done or page.locator(BUSY).count() or page.evaluate(DRAWN) < wire.charts:
            since = None
            continue
        since = since or time.monotonic()
        if time.monotonic() - max(since, wire.finished[-1]) >= QUIET_S:
            return since - wire.started
    raise TimeoutError("the page did not settle")


def renderer_cpu(browser_cdp) -> float:
    """CPU seconds used so far by chromium's renderer processes (the pages' JS, layout, paint)."""
    processes = browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]
    return sum(p["cpuTime"] for p in processes if p["type"] == "renderer")


def renderer(cdp) -> dict[str, float]:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return {m["name"]: m["value"] for m in metrics}


def measured(page, cdp, holder: list, record: Visit, pid: int, act: Callable[[], object],
             new_document: bool) -> Visit:  # fmt: skip
    """Do `act` (open or switch to the page) and fill `record` with what it cost."""
    cpu, rcpu, before = cpu_seconds(pid), renderer_cpu(holder[1]), renderer(cdp)
    wire = holder[0] = Wire()
    act()
    record.settled_s = settled(page, wire)
    first = page.evaluate("window.__firstChart")  # ms since the navigation or the click
    record.first_chart_s = None if first is None else first / 1000
    record.server_cpu_s = cpu_seconds(pid) - cpu
    record.renderer_cpu_s = renderer_cpu(holder[1]) - rcpu
    after = renderer(cdp)  # counted from the document's start
    if new_document:
        before = {key: 0.0 for key in after}
    record.browser_task_s = after["TaskDuration"] - before["TaskDuration"]
    record.browser_script_s = after["ScriptDuration"] - before["ScriptDuration"]
    for key in ("runs", "plotly_bytes", "charts", "ws_bytes", "cached_refs"):
        setattr(record, key, getattr(wire, key))
    return record


def visit(page, cdp, holder: list, base: str, name: str, kind: str, pid: int, tree: str,
          rep: int) -> Visit:  # fmt: skip
    """Open `name` by its URL: a new page load and a new Streamlit session."""
    record = Visit(tree, rep, name, kind, load1())
    return measured(page, cdp, holder, record, pid, lambda: page.goto(url_of(base, name)), True)


SWITCH = """
(path) => {
  document.querySelectorAll('.js-plotly-plot').forEach(e => { e.dataset.old = '1'; });
  window.__firstChart = null;
  const t0 = performance.now();
  new MutationObserver((records, observer) => {
    if (document.querySelector('.js-plotly-plot:not([data-old]) .main-svg')) {
      window.__firstChart = performance.now() - t0;
      observer.disconnect();
    }
  }).observe(document, {childList: true, subtree: true});
  const links = [...document.querySelectorAll('[data-testid=stSidebarNav] a')];
  const link = links.find(a => new URL(a.href).pathname === '/' + path);
  if (!link) return false;
  link.click();
  return true;
}
"""
MORE = "[data-testid=stSidebarNavViewButton]"


def switch(page, cdp, holder: list, name: str, pid: int, tree: str, rep: int) -> Visit:
    """Open `name` from the sidebar's navigation in the same session (no page load)."""
    record = Visit(tree, rep, name, "switch", load1())
    if page.locator(MORE).count() and "more" in page.locator(MORE).inner_text().lower():
        page.locator(MORE).click()

    def click() -> None:
        if not page.evaluate(SWITCH, "" if name == "overview" else name):
            raise SystemExit(f"no link to {name} in the sidebar")

    return measured(page, cdp, holder, record, pid, click, False)
